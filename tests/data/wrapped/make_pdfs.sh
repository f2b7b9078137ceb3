#!/usr/bin/env bash
# How the wrapped-text PDFs of the search tests were made (they are committed; nothing runs this
# during a build). regulation.txt, regulation-like text written for the tests, is set by Pango
# (pango-view, Debian package pango1.0-tools, 1.50) in the font WenQuanYi Zen Hei on a narrow
# measure, so that its lines wrap in the middle of words and phrases as in any typeset PDF:
#   regulation-justified.pdf  130 pt, justified: Pango spreads a short line's characters, and the
#                             text layer then holds spaces between them (同 ， 合 同 编 号 …)
#   regulation-ragged.pdf     145 pt, ragged right: the lines wrap at other places
# `pdftotext -raw FILE -` shows the text layer the intake reads (Poppler, in drawing order).
# No text is set by dangan's own generator here; tests/search_wrapped_test.cc covers that.
set -euo pipefail
cd "$(dirname "$0")"
common=(--backend=cairo --font="WenQuanYi Zen Hei 10" --language=zh_CN --wrap=word-char
        --margin=20 -q)
pango-view "${common[@]}" --width=130 --justify -o regulation-justified.pdf regulation.txt
pango-view "${common[@]}" --width=145 -o regulation-ragged.pdf regulation.txt
