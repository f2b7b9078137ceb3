#!/usr/bin/env bash
# Sets up (packages, build), then on a fresh demo/ folder: generates every form from its sample
# data as PDF and XLSX and files each into a demo archive, files a scan of a printed form (OCR and
# QR code), shows a few items, makes a copy with the 归档章 and checks the whole archive.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

DANGAN=build/cli/dangan
DEMO=demo
export DANGAN_ARCHIVE="$DEMO/archive"
rm -rf "$DEMO"
mkdir -p "$DEMO/forms" "$DEMO/scans" "$DEMO/copies"

echo "== 表单模板"
"$DANGAN" forms

echo
echo "== 创建档案库 $DANGAN_ARCHIVE"
# The checkpoint key lives outside the archive folder: whoever can write the archive cannot sign.
"$DANGAN" init --fonds Z109 --company 华东精密机械有限公司 --key "$DEMO/keys/audit.key"

echo
echo "== 演示账户（dangan serve 的登录账户；密码从标准输入读入）"
# A demo password for every account; a real office gives each its own.
DEMO_PASSWORD="演示密码-dangan-2026"
while read -r name role clearance dept; do
  echo "$DEMO_PASSWORD" | "$DANGAN" user add "$name" --role "$role" --clearance "$clearance" --dept "$dept"
done <<'ACCOUNTS'
王管理 管理员 机密 BGS
张档案 档案员 机密 BGS
李经办 经办人 内部 XZB
赵审计 审计员 机密 BGS
ACCOUNTS
"$DANGAN" user list

echo
echo "== 按示例数据生成全部表单（PDF 与 XLSX），并立即归档"
for template in templates/*.yaml; do
  id=$(basename "$template" .yaml)
  if [ ! -f "samples/$id.json" ]; then
    echo "缺少示例数据 samples/$id.json" >&2
    exit 1
  fi
  "$DANGAN" generate "$id" --data "samples/$id.json" --format both --out "$DEMO/forms/$id" --file
done

echo
echo "== 登记表也可从 CSV 生成"
for csv in samples/*.csv; do
  id=$(basename "$csv" .csv)
  "$DANGAN" generate "$id" --data "$csv" --header "samples/$id.json" --format both --out "$DEMO/forms/$id-csv"
done

echo
echo "== 归档签字后的扫描件：把办公用品申请单“打印、签字、扫描”（200 dpi PNG），OCR 识别文字，按二维码归入原件"
pdf=$(ls "$DEMO"/forms/O-09/*.pdf | head -1)
pdftoppm -r 200 -png -f 1 -l 1 "$pdf" "$DEMO/scans/O-09-签字扫描"
scan=$(ls "$DEMO"/scans/O-09-签字扫描*.png | head -1)
"$DANGAN" file "$scan"

echo
echo "== 档案目录（前 10 件）"
"$DANGAN" list --limit 10

danghao=$("$DANGAN" list --form O-09 --json | grep -m1 '"档号"' | sed 's/.*"档号": "\(.*\)",/\1/')
echo
echo "== 查看 $danghao"
"$DANGAN" show "$danghao"

echo
echo "== 利用副本（加盖归档章）"
"$DANGAN" copy "$danghao" -o "$DEMO/copies/$danghao.pdf"

echo
echo "== 保管期限已满的件（截至 2040-01-01）"
"$DANGAN" retention due --as-of 2040-01-01 | tail -3

echo
echo "== 全文检索（简繁通查，任意子串，拼音及首字母）"
for q in 用印登记 檔案 章管 "合同 用印 2024" lina yydj "题名:办公用品 -题名:市场部"; do
  echo "-- dangan search $q"
  "$DANGAN" search "$q" --clearance 机密 --limit 3
done

echo
echo "== 导入旧登记表：用印登记表2019.xls（LibreOffice 写的 .xls）→ 登记表 S-04 的 2019 册，有问题的行不导入"
mkdir -p "$DEMO/import"
cp samples/legacy/用印登记表2019.xls samples/legacy/用印登记2023.csv \
  samples/legacy/归档文件目录2015-2016.csv "$DEMO/import/"
# Exit status 1: some rows were rejected (listed, and written to the report); 2 would stop here.
"$DANGAN" import "$DEMO/import/用印登记表2019.xls" --into register:S-04 --volume 2019 \
  --skip-bad-rows || [ $? -eq 1 ]
echo "-- 未导入的行（改正后可用同一命令重新导入）："
cat "$DEMO/import/用印登记表2019.未导入的行.csv"
echo "-- 由档案库中导入的行生成登记表（序号连续的 1-29）并归档"
"$DANGAN" generate S-04 --from-archive --volume 2019 --rows 1-29 --set 保管部门=行政管理部 \
  --set 印章保管人=郭蕾 --set 册号=2019-01 --set 起始日期=2019-01-04 --out "$DEMO/forms/S-04-imported" --file
echo "-- 2023 年的用印登记（UTF-8 CSV，序号又从 1 编起）是同一登记表的另一册"
"$DANGAN" import "$DEMO/import/用印登记2023.csv" --into register:S-04 --volume 2023 \
  --mapping samples/legacy/mapping-example.yaml --skip-bad-rows || [ $? -eq 1 ]
"$DANGAN" register show S-04

echo
echo "== 导入旧档案目录（GBK CSV，原档号保留，长期/短期按映射文件决定）与扫描件"
"$DANGAN" import "$DEMO/import/归档文件目录2015-2016.csv" --into catalogue \
  --mapping samples/legacy/mapping-example.yaml --skip-bad-rows --files samples/legacy/scans || [ $? -eq 1 ]
echo "-- 导入的件可以检索（扫描件的文字也在索引中）"
"$DANGAN" search 安全检查 --limit 3

echo
echo "== 审计日志与全库检查"
# A signed checkpoint for the auditor to keep (on paper if they like), then the log proven against it.
"$DANGAN" audit checkpoint --clearance 机密 -o "$DEMO/检查点.txt"
cat "$DEMO/检查点.txt"
"$DANGAN" audit verify --clearance 机密 --checkpoint "$DEMO/检查点.txt"   # the archivist's clearance
"$DANGAN" check --clearance 机密

echo
echo
echo "== 在浏览器中使用：启动服务（只监听本机；Ctrl+C 结束）"
echo "  $DANGAN serve --archive $DANGAN_ARCHIVE --listen 127.0.0.1:8080"
echo "  然后打开 http://127.0.0.1:8080/ ，用下列演示账户登录（密码均为 $DEMO_PASSWORD）："
echo "  王管理（管理员，机密）  张档案（档案员，机密）  李经办（经办人，内部）  赵审计（审计员，机密）"
echo
echo "全部完成：$(find "$DEMO/forms" -name '*.pdf' | wc -l) 份 PDF、$(find "$DEMO/forms" -name '*.xlsx' | wc -l) 份 XLSX 在 $(pwd)/$DEMO/forms/，档案库在 $(pwd)/$DANGAN_ARCHIVE"
