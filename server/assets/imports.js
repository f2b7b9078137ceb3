// The desk's imports pages (issue 15). PLACEHOLDER: replaced by the part's own script.
'use strict';
