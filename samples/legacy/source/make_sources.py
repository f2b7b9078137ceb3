#!/usr/bin/env python3
"""Writes the hand-made sources of samples/legacy/: two flat-ODS workbooks (converted to .xls/.xlsx
by LibreOffice, see ../README.md) and the two CSV files (GBK and UTF-8 with BOM).

The content is fixed (no randomness) so that regenerating gives the same files."""
import os
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
LEGACY = os.path.dirname(HERE)

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles>
 <number:date-style style:name="N_ISO"><number:year number:style="long"/><number:text>-</number:text><number:month number:style="long"/><number:text>-</number:text><number:day number:style="long"/></number:date-style>
 <number:date-style style:name="N_CN"><number:year number:style="long"/><number:text>年</number:text><number:month/><number:text>月</number:text><number:day/><number:text>日</number:text></number:date-style>
 <number:number-style style:name="N_MONEY"><number:number number:decimal-places="2" number:min-decimal-places="2" number:min-integer-digits="1" number:grouping="true"/></number:number-style>
 <style:style style:name="ce_iso" style:family="table-cell" style:data-style-name="N_ISO"/>
 <style:style style:name="ce_cn" style:family="table-cell" style:data-style-name="N_CN"/>
 <style:style style:name="ce_money" style:family="table-cell" style:data-style-name="N_MONEY"/>
 <style:style style:name="ce_title" style:family="table-cell"><style:text-properties fo:font-size="16pt" fo:font-weight="bold"/></style:style>
</office:automatic-styles>
<office:body><office:spreadsheet>
"""
TAIL = "</office:spreadsheet></office:body></office:document>\n"


def text_cell(value, span=1, style=None):
  if value is None or value == "":
    return "<table:table-cell/>"
  attrs = ' office:value-type="string"'
  if span > 1:
    attrs += ' table:number-columns-spanned="%d" table:number-rows-spanned="1"' % span
  if style:
    attrs += ' table:style-name="%s"' % style
  cell = "<table:table-cell%s><text:p>%s</text:p></table:table-cell>" % (attrs, escape(value))
  if span > 1:
    cell += '<table:covered-table-cell table:number-columns-repeated="%d"/>' % (span - 1)
  return cell


def number_cell(value, style=None, formula=None):
  attrs = ' office:value-type="float" office:value="%s"' % value
  if style:
    attrs += ' table:style-name="%s"' % style
  if formula:
    attrs += ' table:formula="%s"' % escape(formula)
  return "<table:table-cell%s><text:p>%s</text:p></table:table-cell>" % (attrs, value)


def date_cell(iso, style="ce_iso"):
  y, m, d = iso.split("-")
  shown = iso if style == "ce_iso" else "%s年%d月%d日" % (y, int(m), int(d))
  return ('<table:table-cell table:style-name="%s" office:value-type="date" '
          'office:date-value="%s"><text:p>%s</text:p></table:table-cell>' % (style, iso, shown))


def row(cells):
  return "<table:table-row>%s</table:table-row>\n" % "".join(cells)


def table(name, columns, rows):
  return ('<table:table table:name="%s"><table:table-column table:number-columns-repeated="%d"/>\n'
          % (escape(name), columns) + "".join(rows) + "</table:table>\n")


# --- 用印登记表 2019 (-> .xls BIFF8 and BIFF5) ------------------------------------------------
SEALS_2019 = [
  ("2019-01-04", "销售部", "李娜", "与苏州恒达机电有限公司购销合同", "HJ-XS-2019-001", 2, "合同专用章", "签订年度供货合同", ""),
  ("2019-01-07", "人力资源部", "刘洋", "2018年度社会保险缴费基数申报表", "", 1, "公司章", "报送社保中心", ""),
  ("2019-01-09", "办公室", "何静", "关于印发《2019年度工作要点》的通知", "华精办〔2019〕1号", 30, "公司章", "公司内部发文", ""),
  ("2019-01-11", "采购部", "周杰", "与无锡华通轴承有限公司采购合同", "HJ-CG-2019-002", 2, "合同专用章", "采购主轴轴承", ""),
  ("2019-01-15", "财务部", "孙丽", "银行预留印鉴变更申请书", "", 1, "财务专用章", "变更预留印鉴", ""),
  ("2019-01-18", "销售部", "李娜", "介绍信（前往上海电气集团洽谈业务）", "JS-2019-001", 1, "公司章", "业务洽谈", "介绍信经总经理批准"),
  ("2019-01-22", "办公室", "何静", "关于2019年春节放假安排的通知", "华精办〔2019〕3号", 20, "公司章", "春节放假通知", ""),
  ("2019-01-25", "人力资源部", "刘洋", "员工收入证明（王海峰）", "", 1, "公司章", "员工办理住房贷款", "因私用印，总经理同意"),
  ("2019-02-14", "技术部", "钱晨", "实用新型专利申请委托书", "", 2, "公司章", "申请专利", ""),
  ("2019-02-19", "采购部", "周杰", "与宁波天工模具有限公司模具加工合同", "HJ-CG-2019-006", 2, "合同专用章", "模具外协加工", "电话确认，事后补办"),
  ("2019-02-22", "生产部", "马俊", "安全生产责任书", "", 2, "公司章", "报区应急管理局备案", ""),
  ("2019-02-27", "销售部", "李娜", "常州轨道交通设备采购项目投标文件", "ZB-2019-002", 3, "公司章", "参加投标", ""),
  ("2019-03-04", "财务部", "孙丽", "2018年度企业所得税汇算清缴申报资料", "", 1, "公司章", "报送税务局", ""),
  ("2019-03-08", "办公室", "何静", "关于表彰2018年度先进个人的决定", "华精办〔2019〕6号", 12, "公司章", "年度表彰", ""),
  ("2019-03-12", "人力资源部", "刘洋", "劳动合同（3月新入职员工4人）", "", 8, "公司章", "签订劳动合同", ""),
  ("2019-03-20", "销售部", "李娜", "与杭州精工自动化设备有限公司技术协议", "HJ-XS-2019-009", 2, "合同专用章", "配套技术协议", ""),
  ("2019-03-28", "行政管理部", "郭蕾", "车辆年检委托书", "", 1, "公司章", "办理车辆年检", ""),
  ("2019-04-02", "技术部", "钱晨", "高新技术企业认定申报材料", "", 3, "公司章", "申报高新技术企业", ""),
  ("2019-04-09", "采购部", "周杰", "与常熟永新钢材有限公司采购合同", "HJ-CG-2019-011", 2, "合同专用章", "采购原材料", ""),
  ("2019-04-16", "办公室", "何静", "关于调整公司组织机构的决定", "华精办〔2019〕9号", 25, "公司章", "机构调整", ""),
  ("2019-04-23", "财务部", "孙丽", "银行借款合同", "JK-2019-001", 3, "公司章", "流动资金借款", "董事长同意"),
  ("2019-04-23", "财务部", "孙丽", "银行借款合同", "JK-2019-001", 3, "董事长名章", "流动资金借款", ""),
  ("2019-05-06", "销售部", "李娜", "与南京宏图数控机床有限公司购销合同", "HJ-XS-2019-014", 2, "合同专用章", "销售数控配件", ""),
  ("2019-05-13", "人力资源部", "刘洋", "员工在职证明（陈晓东）", "", 1, "公司章", "员工办理签证", "因私用印，总经理同意"),
  ("2019-05-21", "生产部", "马俊", "环境影响评价验收申请", "", 2, "公司章", "环评验收", ""),
  ("2019-05-29", "办公室", "何静", "关于开展安全生产月活动的通知", "华精办〔2019〕12号", 20, "公司章", "公司内部发文", ""),
  ("2019-06-05", "技术部", "钱晨", "产品质量检测委托书", "", 1, "公司章", "委托第三方检测", ""),
  ("2019-06-12", "销售部", "李娜", "介绍信（前往徐州工程机械集团）", "JS-2019-004", 1, "公司章", "业务洽谈", ""),
  ("2019-06-19", "采购部", "周杰", "与昆山精密铸造有限公司委托加工合同", "HJ-CG-2019-017", 2, "合同专用章", "铸件外协", ""),
  ("2019-06-31", "办公室", "何静", "关于端午节放假安排的通知", "华精办〔2019〕14号", 20, "公司章", "端午放假通知", ""),  # 6月31日: a bad date typed as text
  ("2019-07-03", "财务部", "孙丽", "增值税专用发票领购申请", "", 1, "财务专用章", "领购发票", ""),
  ("2019-07-10", "人力资源部", "", "2019年上半年社会保险补缴申请", "", 1, "公司章", "补缴社保", ""),  # 经办人 missing
  ("2019-07-18", "销售部", "李娜", "上海浦东机场行李系统项目投标文件", "ZB-2019-006", 3, "公司章", "参加投标", ""),
  ("2019-07-26", "行政管理部", "郭蕾", "房屋租赁合同（仓库）", "HJ-XZ-2019-002", 2, "合同专用章", "续租仓库", ""),
  ("2019-08-02", "技术部", "钱晨", "软件著作权登记申请表", "", 1, "公司章", "软件著作权登记", ""),
  ("2019-08-09", "办公室", "何静", "关于印发《印章管理制度》的通知", "华精办〔2019〕17号", 30, "公司章", "制度发布", ""),
  ("2019-08-16", "采购部", "周杰", "与无锡华通轴承有限公司补充协议", "HJ-CG-2019-020", 2, "合同专用章", "调整供货价格", ""),
  ("2019-08-23", "财务部", "孙丽", "2019年半年度财务报表", "", 2, "财务专用章", "报送统计局", ""),
  ("2019-08-30", "销售部", "李娜", "与苏州恒达机电有限公司补充协议", "HJ-XS-2019-021", 2, "合同专用章", "增加供货品种", ""),
  ("2019-09-06", "人力资源部", "刘洋", "员工收入证明（赵雪梅）", "", 1, "公司章", "员工办理住房贷款", "因私用印，总经理同意"),
]

SEAL_HEADER = ["序号", "用印日期", "用印部门", "经办人", "文件名称", "文件编号", "份数", "印章名称", "用印目的", "备注"]


def seal_rows():
  rows = [row([text_cell("华东精密机械有限公司用印登记表（2019年）", span=10, style="ce_title")]),
          row([text_cell("保管部门：行政管理部　　印章保管人：郭蕾　　册号：2019-01", span=10)]),
          row([text_cell(h) for h in SEAL_HEADER])]
  for number, (date, dept, person, title, doc_no, copies, seal, purpose, note) in enumerate(SEALS_2019, 1):
    try:
      import datetime
      datetime.date.fromisoformat(date)
      date_xml = date_cell(date, "ce_iso" if number % 3 else "ce_cn")
    except ValueError:
      date_xml = text_cell(date.replace("-", "."))  # typed by hand, not a real date
    rows.append(row([number_cell(number), date_xml, text_cell(dept), text_cell(person), text_cell(title),
                     text_cell(doc_no), number_cell(copies), text_cell(seal), text_cell(purpose),
                     text_cell(note)]))
  return rows


def write_seals_fods():
  with open(os.path.join(HERE, "用印登记表2019.fods"), "w", encoding="utf-8") as f:
    f.write(HEAD + table("2019年用印登记", 10, seal_rows()) + TAIL)


# --- 固定资产登记表 2021 (-> .xlsx, two sheets) -------------------------------------------------
ASSETS = [
  ("GZ-2016-001", "台式电脑", "电脑", "联想启天M420", "2016-03-15", 4580.00, "办公室", "何静", "201室", "已报废", "2021-06-30", "BF-2021-003"),
  ("GZ-2018-004", "激光打印机", "打印机", "惠普M403dn", "2018-05-08", 2650.00, "办公室", "何静", "201室", "在用", "", ""),
  ("GZ-2018-007", "空调", "空调", "格力KFR-72LW 3匹", "2018-06-20", 7999.00, "办公室", "郭蕾", "会议室", "在用", "", ""),
  ("GZ-2019-002", "投影仪", "投影仪", "爱普生CB-X06", "2019-02-26", 3299.00, "办公室", "郭蕾", "会议室", "维修中", "", ""),
  ("GZ-2019-010", "笔记本电脑", "电脑", "ThinkPad X1 Carbon", "2019-09-10", 9899.00, "总经理室", "王建国", "301室", "在用", "", ""),
  ("GZ-2020-001", "复印一体机", "打印机", "理光MP 2555SP", "2020-01-07", 18600.00, "办公室", "何静", "文印室", "在用", "", ""),
  ("GZ-2020-006", "单反相机", "相机", "佳能EOS 90D", "2020-05-19", 8399.00, "办公室", "何静", "档案室", "在用", "", ""),
  ("GZ-2020-011", "密集架", "文件柜", "手摇式 5列", "2020-08-28", 21500.00, "办公室", "郭蕾", "档案室", "在用", "", ""),
  ("GZ-2021-002", "台式电脑", "电脑", "联想启天M430", "2021-03-02", 4999.00, "办公室", "何静", "201室", "在用", "", ""),
  ("GZ-2021-003", "台式电脑", "电脑", "联想启天M430", "2021-03-02", 4999.00, "财务部", "孙丽", "205室", "在用", "", ""),
  ("GZ-2021-008", "会议桌椅", "办公桌椅", "3.6米会议桌+12椅", "2021-04-16", 12800.00, "办公室", "郭蕾", "会议室", "在用", "", ""),
  ("GZ-2021-012", "碎纸机", "其他", "科密C-638", "2021-07-09", 2280.00, "办公室", "何静", "201室", "在用", "", ""),
]
ASSET_HEADER = ["序号", "资产编号", "资产名称", "类别", "规格型号", "购置日期", "原值", "使用部门", "保管人",
                "存放地点", "状态", "核销日期", "报废单号"]


def asset_row(number, asset):
  code, name, kind, model, bought, value, dept, keeper, place, state, written_off, scrap_no = asset
  return row([number_cell(number), text_cell(code), text_cell(name), text_cell(kind), text_cell(model),
              date_cell(bought, "ce_cn"), number_cell("%.2f" % value, "ce_money"), text_cell(dept),
              text_cell(keeper), text_cell(place), text_cell(state),
              date_cell(written_off) if written_off else "<table:table-cell/>", text_cell(scrap_no)])


def asset_sheet():
  rows = [row([text_cell("华东精密机械有限公司固定资产登记表", span=13, style="ce_title")]),
          row([text_cell("登记部门：办公室　　2021年度", span=6), "<table:table-cell/>" * 1,
               text_cell("填表日期：2021年12月28日　　登记人：何静", span=6)]),
          row([text_cell(h) for h in ASSET_HEADER])]
  for number, asset in enumerate(ASSETS, 1):
    rows.append(asset_row(number, asset))
  first, last = 4, 3 + len(ASSETS)
  total = sum(a[5] for a in ASSETS)
  rows.append(row([text_cell("合计", span=6), number_cell("%.2f" % total, "ce_money",
                                                          "of:=SUM([.G%d:.G%d])" % (first, last))]))
  return table("2021年度", 13, rows)


WRITTEN_OFF = [
  ("GZ-2012-003", "台式电脑", "电脑", "戴尔OptiPlex 390", "2012-04-11", 4200.00, "办公室", "何静", "201室", "已报废", "2019-12-20", "BF-2019-011"),
  ("GZ-2013-005", "传真机", "其他", "松下KX-FL323CN", "2013-07-02", 2100.00, "办公室", "郭蕾", "文印室", "已报废", "2020-11-05", "BF-2020-007"),
  ("GZ-2016-001", "台式电脑", "电脑", "联想启天M420", "2016-03-15", 4580.00, "办公室", "何静", "201室", "已报废", "2021-06-30", "BF-2021-003"),
]


def written_off_sheet():
  rows = [row([text_cell("已核销固定资产（红笔登记）", span=13, style="ce_title")]),
          row([text_cell(h) for h in ASSET_HEADER])]
  for number, asset in enumerate(WRITTEN_OFF, 1):
    rows.append(asset_row(number, asset))
  return table("已核销", 13, rows)


def write_assets_fods():
  with open(os.path.join(HERE, "固定资产登记表2021.fods"), "w", encoding="utf-8") as f:
    f.write(HEAD + asset_sheet() + written_off_sheet() + TAIL)


# --- 归档文件目录 2015-2016 (GBK CSV) -----------------------------------------------------------
CATALOGUE = [
  # 档号, 年度, 保管期限, 机构, 题名, 责任者, 日期, 页数, 密级, 备注
  ("Z109-WS·2015-Y-BGS-0001", "2015", "永久", "BGS", "关于印发《2015年度工作要点》的通知", "华东精密机械有限公司", "2015-01-08", "6", "内部", ""),
  ("Z109-WS·2015-Y-BGS-0002", "2015", "永久", "BGS", "2014年度工作总结", "华东精密机械有限公司", "2015.1.20", "18", "内部", ""),
  ("Z109-WS·2015-Y-BGS-0003", "2015", "永久", "BGS", "关于调整公司组织机构的决定", "华东精密机械有限公司", "2015年3月5日", "4", "内部", ""),
  ("Z109-WS·2015-Y-BGS-0004", "2015", "永久", "BGS", "第一届董事会第五次会议决议", "华东精密机械有限公司董事会", "二〇一五年三月十八日", "5", "秘密", ""),
  ("Z109-WS．2015-Y-BGS-0005", "2015", "永久", "BGS", "关于聘任王建国为总经理的决定", "华东精密机械有限公司董事会", "2015/3/18", "2", "内部", "档号中的点为全角"),
  ("Z109-WS.2015-Y-BGS-0006", "2015", "永久", "BGS", "2015年度财务预算方案", "财务部", "2015.4.2", "12", "机密", ""),
  ("Z109-WS·2015-长期-BGS-0007", "2015", "长期", "BGS", "与苏州恒达机电有限公司战略合作协议", "华东精密机械有限公司、苏州恒达机电有限公司", "2015.4.16", "9", "内部", "旧保管期限"),
  ("Z109-WS·2015-长期-BGS-0008", "2015", "长期", "BGS", "关于申请高新技术企业认定的请示", "华东精密机械有限公司", "2015年5月6日", "3", "公开", ""),
  ("Z109-WS·2015-长期-BGS-0009", "2015", "长期", "BGS", "厂房租赁合同", "华东精密机械有限公司", "2015.5.28", "11", "内部", ""),
  ("Z109-WS·2015-长期-BGS-0010", "2015", "长期", "BGS", "关于印发《安全生产管理制度》的通知", "华东精密机械有限公司", "二〇一五年六月一日", "15", "内部", ""),
  ("Z109-WS·2015-长期-BGS-0011", "2015", "长期", "BGS", "ISO 9001质量管理体系认证证书", "中国质量认证中心", "2015-06-22", "2", "公开", ""),
  ("Z109-WS·2015-长期-BGS-0012", "2015", "长期", "BGS", "关于成立技术中心的决定", "华东精密机械有限公司", "2015年7月3日", "3", "内部", ""),
  ("Z109-WS·2015-短期-BGS-0013", "2015", "短期", "BGS", "关于2015年国庆节放假安排的通知", "办公室", "2015.9.25", "1", "公开", ""),
  ("Z109-WS·2015-短期-BGS-0014", "2015", "短期", "BGS", "2015年第三季度办公用品采购计划", "办公室", "2015年9月28日", "2", "内部", ""),
  ("Z109-WS·2015-短期-BGS-0015", "2015", "短期", "BGS", "关于召开年终总结大会的通知", "办公室", "二〇一五年十二月二十五日", "1", "内部", ""),
  ("Z109-WS·2015-D10-BGS-0016", "2015", "定期10年", "BGS", "2015年度会议记录", "办公室", "2015.12.30", "46", "内部", ""),
  ("Z109-WS·2015-D10-BGS-0017", "2015", "定期10年", "BGS", "关于2016年元旦放假安排的通知", "办公室", "2015-02-30", "1", "公开", "日期错误：2月无30日"),
  ("Z109-WS·2015-D30-BGS-0018", "2015", "定期30年", "BGS", "", "人力资源部", "2015.11.12", "8", "内部", "题名缺失"),
  ("Z109-WS·2015-D30-BGS-0019", "2015", "定期30年", "BGS", "2015年度员工培训计划", "人力资源部", "2015.3.10", "5", "一般", "密级不在公开/内部/秘密/机密之内"),
  ("Z109-WS·2015-D30-BGS-0019", "2015", "定期30年", "BGS", "2015年度员工考核办法", "人力资源部", "2015.3.12", "6", "内部", "档号与上一行重复"),
  ("Z109-WS·2016-Y-BGS-0001", "2016", "永久", "BGS", "关于印发《2016年度工作要点》的通知", "华东精密机械有限公司", "2016.1.6", "7", "内部", ""),
  ("Z109-WS·2016-Y-BGS-0002", "2016", "永久", "BGS", "2015年度工作总结", "华东精密机械有限公司", "２０１６年１月２２日", "20", "内部", "日期为全角数字"),
  ("Z109-WS·2016-Y-BGS-0003", "2016", "永久", "BGS", "第一届董事会第七次会议决议", "华东精密机械有限公司董事会", "二〇一六年三月二十日", "6", "秘密", ""),
  ("Z109-WS·2016-Y-BGS-0004", "2016", "永久", "BGS", "关于修订《公司章程》的决定，附章程修正案", "华东精密机械有限公司", "2016/4/8", "14", "内部", "题名含逗号"),
  ("Z109-WS·2016-长期-BGS-0005", "2016", "长期", "BGS", "与无锡华通轴承有限公司框架采购协议", "华东精密机械有限公司、无锡华通轴承有限公司", "2016.5.9", "10", "内部", ""),
  ("Z109-WS·2016-长期-BGS-0006", "2016", "长期", "BGS", "高新技术企业证书", "江苏省科学技术厅", "2016年5月30日", "2", "公开", ""),
  ("Z109-WS·2016-短期-BGS-0007", "2016", "短期", "BGS", "关于2016年端午节放假安排的通知", "办公室", "2016.6.3", "1", "公开", ""),
  ("Z109-WS·2016-D10-BGS-0008", "2016", "定期10年", "BGS", "2016年上半年安全检查记录", "生产部", "2016.7.15", "12", "内部", ""),
  ("Z109-WS·2016-D10-BGS-0009", "2016", "定期10年", "BGS", "关于\"质量月\"活动的总结报告", "质量部", "二〇一六年十月八日", "4", "内部", "题名含引号"),
  ("Z109-WS·2016-D30-BGS-0010", "2016", "定期30年", "BGS", "2016年度职工代表大会决议", "华东精密机械有限公司工会", "2016.12.26", "3", "内部", ""),
]
CATALOGUE_HEADER = ["档号", "年度", "保管期限", "机构", "题名", "责任者", "日期", "页数", "密级", "备注"]


def csv_field(value):
  if any(c in value for c in ',"\r\n'):
    return '"' + value.replace('"', '""') + '"'
  return value


def csv_text(header, rows):
  lines = [",".join(csv_field(v) for v in header)]
  lines += [",".join(csv_field(v) for v in r) for r in rows]
  return "\r\n".join(lines) + "\r\n"


def write_catalogue_csv():
  rows = [list(r) for r in CATALOGUE]
  # One title in the old export has an ASCII comma and so is quoted, as Excel writes it.
  rows[23][4] = "关于修订《公司章程》的决定,附章程修正案"
  with open(os.path.join(LEGACY, "归档文件目录2015-2016.csv"), "wb") as f:
    f.write(csv_text(CATALOGUE_HEADER, rows).encode("gbk"))


# --- 用印登记 2023 (UTF-8 with BOM, synonyms for the column names) ------------------------------
SEALS_2023 = [
  ("1", "2023/1/4", "销售部", "李娜", "与苏州恒达机电有限公司2023年度购销合同", "HJ-XS-2023-001", "2", "合同专用章", "签订年度供货合同", ""),
  ("2", "2023/1/6", "人力资源部", "刘洋", "2022年度社会保险缴费基数申报表", "", "1", "公司章", "报送社保中心", ""),
  ("3", "2023.1.10", "办公室", "何静", "关于印发《2023年度工作要点》的通知", "华精办〔2023〕1号", "30", "公司章", "公司内部发文", ""),
  ("4", "2023年1月13日", "采购部", "周杰", "与无锡华通轴承有限公司采购合同", "HJ-CG-2023-002", "2", "合同专用章", "采购主轴轴承", ""),
  ("5", "２０２３年２月３日", "财务部", "孙丽", "2022年度企业所得税汇算清缴申报资料", "", "１", "公司章", "报送税务局", "全角数字"),
  ("6", "2023-02-08", "销售部", "李娜", "介绍信（前往中车戚墅堰机车有限公司）", "JS-2023-001", "1", "公司章", "业务洽谈", ""),
  ("7", "2023-02-15", "技术部", "钱晨", "发明专利申请委托书", "", "2", "公司章", "申请专利", ""),
  ("8", "2023-02-22", "生产部", "马俊", "安全生产责任书", "", "2", "公司章", "报区应急管理局备案", ""),
  ("9", "2023-03-01", "办公室", "何静", "关于表彰2022年度先进个人的决定", "华精办〔2023〕4号", "12", "公司章", "年度表彰", ""),
  ("10", "2023-03-09", "人力资源部", "刘洋", "劳动合同（3月新入职员工5人）", "", "10", "公司章", "签订劳动合同", ""),
  ("11", "2023-03-16", "采购部", "周杰", "与宁波天工模具有限公司模具加工合同", "HJ-CG-2023-007", "2", "合同专用章", "模具外协加工", "电话确认，事后补办"),
  ("12", "2023-03-24", "销售部", "李娜", "常州地铁5号线设备采购项目投标文件", "ZB-2023-003", "3", "公司章", "参加投标", ""),
  ("13", "2023-04-03", "财务部", "孙丽", "银行账户变更申请书", "", "1", "财务专用章", "变更开户行信息", ""),
  ("14", "2023-04-11", "行政管理部", "郭蕾", "关于启用华东精密机械有限公司营销中心印章的通知", "华精行〔2023〕3号", "20", "公司章", "新印章启用", ""),
  ("15", "2023-04-19", "人力资源部", "刘洋", "员工收入证明（陈晓东）", "", "1", "公司章", "员工办理住房贷款", "因私用印，总经理同意"),
  ("16", "2023-04-26", "技术部", "钱晨", "产品检测报告确认函", "", "1", "公章", "确认检测结果", "印章名称写作“公章”"),
  ("17", "2023-05-06", "销售部", "李娜", "与杭州精工自动化设备有限公司技术协议", "HJ-XS-2023-011", "2", "合同专用章", "配套技术协议", ""),
  ("18", "2023-05-15", "办公室", "何静", "关于端午节放假安排的通知", "华精办〔2023〕9号", "两份", "公司章", "端午放假通知", "份数写成汉字"),
  ("19", "2023-05-23", "采购部", "周杰", "与昆山精密铸造有限公司委托加工合同", "HJ-CG-2023-012", "2", "合同专用章", "铸件外协", ""),
  ("20", "2023-05-31", "财务部", "孙丽", "2023年5月增值税纳税申报表", "", "1", "财务专用章", "报送税务局", ""),
]
SEALS_2023_HEADER = ["序号", "日期", "部门", "经办人", "文件题名", "编号", "份数", "印章", "事由", "备注"]


def write_seals_2023_csv():
  with open(os.path.join(LEGACY, "用印登记2023.csv"), "wb") as f:
    f.write(b"\xef\xbb\xbf" + csv_text(SEALS_2023_HEADER, SEALS_2023).encode("utf-8"))


if __name__ == "__main__":
  write_seals_fods()
  write_assets_fods()
  write_catalogue_csv()
  write_seals_2023_csv()
