#!/usr/bin/env python3
"""Writes the stand-in "scans" of samples/legacy/scans/: one-page PDFs with a text layer, a few KB
each, for rows of ../归档文件目录2015-2016.csv (named by 档号, one with an ASCII dot for the middle
dot as old file systems forced), plus one that matches no row.

The text uses the non-embedded Adobe-GB1 font STSong-Light with the UniGB-UTF16-H CMap (PDF
1.4's standard Chinese font): Poppler (with poppler-data) extracts it as Unicode and renders it
with a system font, so the files stay tiny. Content is fixed: regenerating gives the same bytes."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# File name -> (pages, the text of page one); the page counts are the catalogue's 页数.
SCANS = {
  "Z109-WS·2015-Y-BGS-0001.pdf": (6, ["华东精密机械有限公司文件", "华精办〔2015〕1号",
                                  "关于印发《2015年度工作要点》的通知", "各部门：现将2015年度工作要点印发给你们，请认真贯彻执行。"]),
  "Z109-WS·2015-Y-BGS-0004.pdf": (5, ["华东精密机械有限公司董事会", "第一届董事会第五次会议决议",
                                  "会议审议通过了2015年度经营计划和投资方案。"]),
  "Z109-WS.2016-Y-BGS-0002.pdf": (20, ["华东精密机械有限公司", "2015年度工作总结",
                                  "2015年公司实现销售收入增长百分之十二，完成了ISO 9001复审。"]),
  "Z109-WS·2016-D10-BGS-0008.pdf": (12, ["生产部", "2016年上半年安全检查记录",
                                        "检查车间十二处，发现隐患三处，已全部整改。"]),
  "会议照片2016.pdf": (1, ["2016年度职工代表大会会场照片说明", "（此件在目录中没有对应的行）"]),
}


def utf16_hex(text):
  return "<" + text.encode("utf-16-be").hex().upper() + ">"


def page_content(lines):
  ops = ["BT", "/F1 16 Tf", "72 760 Td", "22 TL"]
  for i, line in enumerate(lines):
    if i == 1:
      ops.append("/F1 12 Tf")
    ops.append(utf16_hex(line) + " Tj T*")
  ops.append("ET")
  return "\n".join(ops).encode("ascii")


def pdf(pages, lines):
  # Objects: 1 catalog, 2 pages, 3-5 font, then per page: page object, content stream.
  font = [
    b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UTF16-H "
    b"/DescendantFonts [4 0 R] >>",
    b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
    b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R >>",
    b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
    b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
  ]
  kids = " ".join("%d 0 R" % (6 + 2 * i) for i in range(pages)).encode("ascii")
  objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
             b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages] + font
  for i in range(pages):
    text = lines if i == 0 else ["（第 %d 页，共 %d 页）" % (i + 1, pages)]
    content = page_content(text)
    objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                   b"/Resources << /Font << /F1 3 0 R >> >> >>" % (7 + 2 * i))
    objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
  out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
  offsets = []
  for i, body in enumerate(objects, 1):
    offsets.append(len(out))
    out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
  xref = len(out)
  out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
  for off in offsets:
    out += b"%010d 00000 n \n" % off
  out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
  return bytes(out)


for name, (pages, lines) in SCANS.items():
  with open(os.path.join(HERE, name), "wb") as f:
    f.write(pdf(pages, lines))
