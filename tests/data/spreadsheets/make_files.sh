#!/bin/sh
# How the spreadsheets in this folder were made (not run by the tests; their outputs are
# committed). 登记表.fods is written by hand: a 登记 register with 序号 =ROW()-2, 份数 =A3+0,
# SUM totals, #DIV/0!, dates in 年月日 format, 上午/下午 and 时分 times, a merged
# title, booleans, a cell with two paragraphs, blank rows, a second sheet 人员 and a third, 汇总,
# with IF and VLOOKUP results (text).
# Needs libreoffice-calc-nogui, gnumeric and python3-xlwt (scripts/setup.sh installs them).
set -eu
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
office() {  # office FILTER → converts 登记表.fods into $work
  soffice -env:UserInstallation="file://$work/profile" --headless --convert-to "$1" \
    --outdir "$work" 登记表.fods >/dev/null
}
office 'xls:MS Excel 97' && cp "$work/登记表.xls" 登记表-libreoffice.xls
office ods && cp "$work/登记表.ods" 登记表-libreoffice.ods
office 'xlsx:Calc MS Excel 2007 XML' && cp "$work/登记表.xlsx" 登记表-libreoffice.xlsx
# Gnumeric from LibreOffice's .xlsx: BIFF8, and BIFF5 (Excel 95, GBK strings: LibreOffice can
# no longer write BIFF5, and Gnumeric takes the code page from the locale).
ssconvert --export-type=Gnumeric_Excel:excel_biff8 登记表-libreoffice.xlsx 登记表-gnumeric.xls
mkdir -p "$work/locale"
localedef -i zh_CN -f GBK "$work/locale/zh_CN.GBK"
LOCPATH="$work/locale" LANG=zh_CN.GBK LC_ALL=zh_CN.GBK \
  ssconvert --export-type=Gnumeric_Excel:excel_biff7 登记表-libreoffice.xlsx 登记表-gnumeric-biff5.xls
# Python's xlwt: values only, and with formulas (which xlwt never calculates).
/usr/bin/python3 make_xlwt.py 登记表-xlwt.xls
/usr/bin/python3 make_xlwt.py 公式未计算-xlwt.xls formulas
# The seal register of samples/legacy as LibreOffice's .ods, for the import of an .ods.
soffice -env:UserInstallation="file://$work/profile" --headless --convert-to ods \
  --outdir "$work" ../../../samples/legacy/用印登记表2019.xls >/dev/null
cp "$work/用印登记表2019.ods" 用印登记表2019.ods
