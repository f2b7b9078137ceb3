// The desk's registers pages (issue 15). PLACEHOLDER: replaced by the part's own script.
'use strict';
