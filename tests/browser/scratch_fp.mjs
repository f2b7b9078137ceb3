export default async function (h) {
  const { base, test, shot, newPage, signIn } = h;
  await test('scratch', async () => {
    const page = await newPage();
    await signIn(page, '经办人乙');
    await page.goto(`${base}/forms/O-09`);
    await page.fill('[name="申请日期"]', '2300-03-05');
    await page.fill('#rows tbody tr:nth-child(2) [name="数量"]', '0');
    await page.fill('#rows tbody tr:nth-child(2) [name="物品名称"]', '纸');
    await page.waitForTimeout(1500);
    console.log(await page.textContent('#check-status'), await page.textContent('#check-problems'));
    await shot(page, 'scratch-problems');
    await page.click('#add-row');
    await page.click('#add-row');
    await page.click('#rows tbody tr:nth-child(1) .remove-row');
    console.log(await page.locator('#rows tbody tr').count(), await page.evaluate(() => document.activeElement.outerHTML));
    await page.context().close();
  });
}
