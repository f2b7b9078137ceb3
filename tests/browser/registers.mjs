// Browser tests of the live registers (issue 15): a clerk adds three rows to S-04's open volume
// (today's date prefilled), sees a wrong row refused at its field, voids a row by a correction
// with its reason, and an archivist closes the volume and sees its 档号.
export default async function registersTests(h) {
  const { base, test, expect, shot, newPage, signIn } = h;
  const clerk = await newPage();
  const rows = [
    { 用印部门: '行政部', 经办人: '张三', 文件名称: '关于端午节放假安排的通知', 份数: '2', 印章名称: '公司章', 用印目的: '对外发文' },
    { 用印部门: '财务部', 经办人: '李四', 文件名称: '采购合同', 份数: '3', 印章名称: '合同专用章', 用印目的: '签订合同' },
    { 用印部门: '人力资源部', 经办人: '王五', 文件名称: '在职证明', 份数: '1', 印章名称: '公司章', 用印目的: '员工办理签证' },
  ];
  let volume = '';
  // The volume's PDF in its frame may keep the load event waiting: the page itself is enough.
  const dom = { waitUntil: 'domcontentloaded' };

  async function fillRow(page, values) {
    for (const [name, value] of Object.entries(values)) {
      const input = page.locator(`form.register-row [name="${name}"]`);
      if ((await input.evaluate((e) => e.tagName)) === 'SELECT') await input.selectOption(value);
      else await input.fill(value);
    }
  }

  await test('the registers page lists S-04 with its open volume', async () => {
    await signIn(clerk, '经办人乙');
    await clerk.goto(`${base}/registers`);
    const text = await clerk.textContent('table.registers');
    expect(text.includes('用印登记表'), 'S-04 is not listed');
    expect(text.includes('在用'), 'no open volume shown');
    await shot(clerk, '40-registers');
    await Promise.all([clerk.waitForURL(/\/registers\/S-04/, dom), clerk.click('a:text-is("用印登记表")')]);
    volume = (await clerk.textContent('h1 .volume')).replace(' 册', '').trim();
    expect(/^\d{4}(-\d+)?$/.test(volume), `open volume ${volume}`);
    const today = await clerk.inputValue('form.register-row [name="用印日期"]');
    expect(/^\d{4}-\d{2}-\d{2}$/.test(today), `the date is not prefilled: ${today}`);
    expect(await clerk.locator('section.register-close').count() === 0, 'a clerk is offered 封册');
  });

  await test('a wrong row is refused with the problem at its field', async () => {
    await fillRow(clerk, { ...rows[0], 份数: '' });
    await clerk.locator('form.register-row [name="份数"]').evaluate((e) => e.removeAttribute('required'));
    await clerk.click('form.register-row button[type="submit"]');
    await clerk.waitForSelector('.field-problem[data-field="份数"]:not(:empty)');
    expect((await clerk.textContent('.field-problem[data-field="份数"]')).includes('必填'), 'no 必填 at 份数');
    await shot(clerk, '41-register-problem');
  });

  await test('three rows added to S-04 are numbered 1, 2, 3', async () => {
    for (let i = 0; i < rows.length; ++i) {
      await fillRow(clerk, rows[i]);
      await Promise.all([
        clerk.waitForURL(new RegExp(`added=${i + 1}`), dom),
        clerk.click('form.register-row button[type="submit"]'),
      ]);
    }
    const numbers = await clerk.locator('table.register-rows tbody tr td:first-child').allTextContents();
    expect(numbers.join(',') === '1,2,3', `rows ${numbers}`);
    expect((await clerk.textContent('#row-2')).includes('采购合同'), 'row 2 is not the contract');
    const pdf = await clerk.getAttribute('section.register-print iframe', 'src');
    const answer = await clerk.request.get(`${base}${pdf}`);
    expect(answer.ok() && (await answer.body()).subarray(0, 5).toString() === '%PDF-', 'no PDF of the volume');
    await shot(clerk, '42-register-rows');
  });

  await test('voiding row 2 adds a correction and marks row 2 作废 with the reason', async () => {
    await Promise.all([clerk.waitForURL(/void=2/, dom), clerk.click('#row-2 a.void-link')]);
    expect((await clerk.inputValue('form.register-row [name="文件名称"]')) === '采购合同', 'not prefilled');
    await clerk.fill('form.register-row [name="份数"]', '2');
    await clerk.fill('form.register-row [name="reason"]', '份数写错');
    await shot(clerk, '43-register-void-form');
    // Enter in the reason field submits, as a click would: a click may land on the preview instead,
    // when Chromium's PDF viewer finishes loading and scrolls the page between aim and click.
    await Promise.all([clerk.waitForURL(/added=4/, dom), clerk.press('form.register-row [name="reason"]', 'Enter')]);
    const voided = await clerk.textContent('#row-2');
    expect(voided.includes('作废') && voided.includes('份数写错'), `row 2: ${voided}`);
    expect((await clerk.textContent('#row-4')).includes('更正第 2 号'), 'row 4 is not the correction');
    expect(await clerk.locator('#row-2 a.void-link').count() === 0, 'a voided row offers 作废 again');
    await shot(clerk, '44-register-voided');
  });

  await test('an archivist closes the volume and sees its 档号', async () => {
    const archivist = await newPage();
    await signIn(archivist, '档案员甲');
    await archivist.goto(`${base}/registers/S-04`);
    await archivist.fill('section.register-close [name="保管部门"]', '行政管理部');
    await archivist.fill('section.register-close [name="印章保管人"]', '赵六');
    expect((await archivist.inputValue('section.register-close [name="册号"]')) === volume, '册号 not the volume');
    await shot(archivist, '45-register-close-form');
    await archivist.check('section.register-close [name="confirm"]');
    archivist.once('dialog', (d) => d.accept());
    await Promise.all([archivist.waitForURL(/closed=1/, dom), archivist.click('button.close-volume')]);
    const notice = await archivist.textContent('.closed-notice');
    const danghao = (await archivist.textContent('.closed-notice a')).trim();
    expect(notice.includes('档号') && danghao.includes('Z109-'), `no 档号: ${notice}`);
    expect((await archivist.textContent('p.volume-state')).includes('已封册'), 'not closed');
    await shot(archivist, '46-register-closed');
    await Promise.all([archivist.waitForURL(/\/items\//, dom), archivist.click('.closed-notice a')]);
    expect((await archivist.textContent('h1')).includes('用印登记表'), 'the item is not the register');
    await archivist.context().close();
    await clerk.goto(`${base}/registers/S-04`);
    const next = (await clerk.textContent('h1 .volume')).replace(' 册', '').trim();
    expect(next !== volume, `the open volume is still ${volume}`);
  });

  await clerk.context().close();
}
