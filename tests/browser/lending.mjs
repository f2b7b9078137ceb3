// Browser tests of lending and use (issue 17): an archivist records a request for a 秘密 item for a
// clerk of 内部 clearance; the clerk cannot open it; a leader (a 经办人 of 机密, added here) finds
// the request waiting and approves it; the clerk now reads that item, and still not another 秘密
// one. Then the archivist lends the clerk a 内部 paper original, sees it on the overdue list as of
// a day after its due date, is refused a return marked damaged without a note, returns it with
// the note, and the request closes. Screenshots 80-89.
export default async function lendingTests(h) {
  const { base, run, scans, test, expect, shot, newPage, signIn, itemUrl, password } = h;
  const dom = { waitUntil: 'domcontentloaded' };

  run(['user', 'add', '领导戊', '--role', '经办人', '--clearance', '机密', '--dept', 'BGS', '--archive', h.archive],
    `${password}\n`);
  function fileSecret(scan, title) {
    const out = run(['file', `${scans}/${scan}`, '--archive', h.archive, '--title', title, '--year', '2024',
      '--dept', 'BGS', '--secrecy', '秘密', '--date', '2024-04-10', '--no-ocr', '--json']);
    return JSON.parse(out)['档号'];
  }
  const asked = fileSecret('Z109-WS.2016-Y-BGS-0002.pdf', '新产品试制情况报告');
  const other = fileSecret('会议照片2016.pdf', '年度投资计划方案');

  const archivist = await newPage();
  const clerk = await newPage();
  const leader = await newPage();
  let requestUrl = '';

  // The day `days` after today in the server's terms (both run on this machine).
  function day(days) {
    const d = new Date();
    d.setDate(d.getDate() + days);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }
  async function notFound(page, danghao) {
    const response = await page.goto(itemUrl(danghao), dom);
    return response.status() === 404 && (await page.textContent('main')).includes('找不到');
  }

  await test('an archivist records a request for a 秘密 item for a clerk; it waits for approval', async () => {
    await signIn(archivist, '档案员甲');
    await Promise.all([archivist.waitForURL(/\/use$/, dom), archivist.click('header nav a:text-is("借阅")')]);
    await archivist.check('input[name="who"][value="account"]');
    await archivist.fill('#use-account', '经办人乙');
    await archivist.selectOption('#use-purpose', '工作查考');
    await archivist.selectOption('#use-kind', '查阅');
    await archivist.fill('#use-items', asked);
    await shot(archivist, '80-use-record');
    await Promise.all([archivist.waitForLoadState('domcontentloaded'), archivist.click('button:text-is("登记申请")')]);
    if (!/\/use\/\d+\?done=record/.test(archivist.url())) {
      await shot(archivist, '80-use-record-refused');
      throw new Error(`not recorded: ${await archivist.textContent('main')}`);
    }
    requestUrl = archivist.url().replace(/\?.*$/, '');
    expect((await archivist.textContent('h1')).includes('待审批'), 'not 待审批');
    expect((await archivist.textContent('table.use-items')).includes(asked), 'the item is not listed');
    // The recorder may not approve: no form, only the note of who may.
    expect(await archivist.locator('button[name="approve"]').count() === 0, 'the recorder is offered approval');
    await shot(archivist, '81-use-request-pending');
  });

  await test('before approval the clerk is answered as if neither 秘密 item existed', async () => {
    await signIn(clerk, '经办人乙');
    expect(await notFound(clerk, asked), 'the asked item is visible before approval');
    expect(await notFound(clerk, other), 'the other item is visible');
    await shot(clerk, '82-use-clerk-not-yet');
  });

  await test('a 机密 leader finds the request waiting and approves it', async () => {
    await signIn(leader, '领导戊');
    await Promise.all([leader.waitForURL(/\/use$/, dom), leader.click('header nav a:text-is("借阅")')]);
    const row = leader.locator(`table.use-requests tr:has(a[href="${new URL(requestUrl).pathname}"])`);
    expect((await row.textContent()).includes('待您审批'), 'not marked as waiting for the leader');
    expect(await leader.locator('#record').count() === 0, 'a 经办人 is offered the form to record requests');
    await Promise.all([leader.waitForURL(/\/use\/\d+$/, dom), row.locator('a').first().click()]);
    await leader.fill('#decide-opinion', '同意查阅，限本次所列档案。');
    await shot(leader, '83-use-approve');
    await Promise.all([leader.waitForURL(/done=approve/, dom), leader.click('button:text-is("批准")')]);
    expect((await leader.textContent('h1')).includes('已批准'), 'not 已批准');
    expect((await leader.textContent('#step-decide')).includes('领导戊'), 'the approver is not shown');
  });

  await test('the clerk now reads the item asked for, and only that one', async () => {
    const response = await clerk.goto(itemUrl(asked), dom);
    expect(response.status() === 200, `item page answered ${response.status()}`);
    expect((await clerk.textContent('h1')).includes('新产品试制情况报告'), 'not the item');
    const file = await clerk.request.get(`${itemUrl(asked)}/files/1`);
    expect(file.status() === 200, `file answered ${file.status()}`);
    await shot(clerk, '84-use-clerk-reads');
    expect(await notFound(clerk, other), 'the other 秘密 item became visible');
  });

  let loanUrl = '';
  await test('the archivist lends a 内部 original; it shows as overdue after its due date', async () => {
    await archivist.goto(`${base}/use`, dom);
    await archivist.check('input[name="who"][value="account"]');
    await archivist.fill('#use-account', '经办人乙');
    await archivist.selectOption('#use-purpose', '经济建设');
    await archivist.selectOption('#use-kind', '外借');
    await archivist.fill('#use-items', h.contract);
    await Promise.all([archivist.waitForURL(/done=record/, dom), archivist.click('button:text-is("登记申请")')]);
    loanUrl = archivist.url().replace(/\?.*$/, '');
    expect((await archivist.textContent('h1')).includes('已批准'), 'a 内部 item for a 内部 clerk waits for approval');
    await archivist.fill('#lend-due', day(3));
    await Promise.all([archivist.waitForURL(/done=lend/, dom), archivist.click('button:text-is("出借原件")')]);
    expect((await archivist.textContent('table.use-items')).includes(day(3)), 'the due date is not shown');
    await shot(archivist, '85-use-lent');

    await archivist.goto(`${base}/use/overdue?as_of=${day(5)}`, dom);
    const row = archivist.locator(`table.overdue-loans tr:has-text("${h.contract}")`);
    expect(await row.count() === 1, 'the loan is not on the overdue list');
    expect((await row.textContent()).includes('2 天'), 'days overdue wrong');
    await shot(archivist, '86-use-overdue');
  });

  await test('a return marked damaged needs a note; with it the original is back and the request closes', async () => {
    await archivist.goto(loanUrl, dom);
    const row = `table.use-items tr:has(a:text-is("${h.contract}"))`;
    await archivist.uncheck(`${row} input[name="undamaged"]`);
    await Promise.all([archivist.waitForLoadState('domcontentloaded'), archivist.click(`${row} button:text-is("归还")`)]);
    expect(await archivist.locator(`${row} p.problem`).count() === 1, 'no refusal at the row');
    expect(!(await archivist.isChecked(`${row} input[name="undamaged"]`)), 'the unticked box was reset');
    await shot(archivist, '87-use-return-refused');
    await archivist.fill(`${row} input[name="note"]`, '第2页有折痕和水渍');
    await Promise.all([archivist.waitForURL(/done=return/, dom), archivist.click(`${row} button:text-is("归还")`)]);
    expect((await archivist.textContent(row)).includes('水渍'), 'the note is not shown');
    expect((await archivist.textContent('h1')).includes('已结束'), 'not closed');
    await archivist.fill('#effect-text', '核对了购销合同的履约条款，避免了一笔重复付款。');
    await Promise.all([archivist.waitForURL(/done=effect/, dom), archivist.click('#step-effect button[type="submit"]')]);
    await shot(archivist, '88-use-returned');
  });

  await test('the year register and the statistics are there to download and read', async () => {
    await archivist.goto(`${base}/use/register`, dom);
    expect((await archivist.textContent('main')).includes('经济建设'), 'the purpose is not counted');
    const pdf = await archivist.request.get(`${base}/use/register.pdf?year=${day(0).slice(0, 4)}`);
    expect(pdf.status() === 200 && (await pdf.body()).subarray(0, 4).toString() === '%PDF', 'no register PDF');
    await shot(archivist, '89-use-register');
  });

  for (const page of [archivist, clerk, leader]) await page.context().close();
}
