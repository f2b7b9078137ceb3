#!/usr/bin/env bash
# Sets up (packages, build), then generates every form from its sample data as PDF and XLSX
# into a fresh demo/ folder and prints where each file is.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh

DANGAN=build/cli/dangan
DEMO=demo
rm -rf "$DEMO"
mkdir -p "$DEMO/forms"

echo "== 表单模板"
"$DANGAN" forms

echo
echo "== 按示例数据生成全部表单（PDF 与 XLSX）"
for template in templates/*.yaml; do
  id=$(basename "$template" .yaml)
  if [ ! -f "samples/$id.json" ]; then
    echo "缺少示例数据 samples/$id.json" >&2
    exit 1
  fi
  "$DANGAN" generate "$id" --data "samples/$id.json" --format both --out "$DEMO/forms/$id"
done

echo
echo "== 登记表也可从 CSV 生成"
for csv in samples/*.csv; do
  id=$(basename "$csv" .csv)
  "$DANGAN" generate "$id" --data "$csv" --header "samples/$id.json" --format both --out "$DEMO/forms/$id-csv"
done

echo
echo "全部完成：$(find "$DEMO" -name '*.pdf' | wc -l) 份 PDF、$(find "$DEMO" -name '*.xlsx' | wc -l) 份 XLSX 在 $(pwd)/$DEMO/forms/"
