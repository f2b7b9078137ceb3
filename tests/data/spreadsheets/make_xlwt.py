# Writes a register with Python's xlwt (BIFF8): dates, times, merged header, two sheets; with
# "formulas", 序号 =ROW()-2, 份数 =A3+0 and a SUM, which xlwt writes without calculated values.
# Run by make_files.sh; the outputs are committed.
import datetime
import sys

import xlwt

formulas = len(sys.argv) > 2 and sys.argv[2] == "formulas"
book = xlwt.Workbook(encoding="utf-8")
sheet = book.add_sheet("登记表")
people = book.add_sheet("人员")
date = xlwt.easyxf(num_format_str='yyyy"年"m"月"d"日"')
time = xlwt.easyxf(num_format_str="h:mm")
stamp = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss")
sheet.write_merge(0, 0, 0, 5, "华东精密机械有限公司文件登记表（2019年）")
for column, title in enumerate(["序号", "日期", "题名", "份数", "金额", "时间", "登记时间", "已归档"]):
    sheet.write(1, column, title)
rows = [
    (datetime.date(2019, 1, 4), "关于印发《2019年度工作要点》的通知", 1234.56, datetime.time(9, 30), True),
    (datetime.date(2019, 2, 28), "与苏州恒达机电有限公司购销合同", 0.5, datetime.time(14, 5), False),
    (datetime.date(2019, 12, 31), "华精办〔2019〕1号", -42, datetime.time(16, 45), True),
]
for i, (day, title, amount, clock, filed) in enumerate(rows):
    r = i + 2
    sheet.write(r, 0, xlwt.Formula("ROW()-2") if formulas else i + 1)
    sheet.write(r, 1, day, date)
    sheet.write(r, 2, title)
    sheet.write(r, 3, xlwt.Formula("A%d+0" % (r + 1)) if formulas else i + 1)
    sheet.write(r, 4, amount)
    sheet.write(r, 5, clock, time)
    sheet.write(r, 6, datetime.datetime.combine(day, clock), stamp)
    sheet.write(r, 7, filed)
sheet.write(5, 0, "合计")
sheet.write(5, 3, xlwt.Formula("SUM(D3:D5)") if formulas else 6)
sheet.write(5, 4, 1192.06)
people.write(0, 0, "工号")
people.write(0, 1, "姓名")
people.write(1, 0, 1001)
people.write(1, 1, "郭蕾")
book.save(sys.argv[1])
