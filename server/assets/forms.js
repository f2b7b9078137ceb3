// The desk's forms pages (issue 15). PLACEHOLDER: replaced by the part's own script.
'use strict';
