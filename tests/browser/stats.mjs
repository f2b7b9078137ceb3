// Browser tests of the statistics page (issue 16 §2): an archivist picks a year, reads the
// figures and the four tables, downloads the table as PDF; a clerk has no 统计 in the navigation.
import fs from 'node:fs';

export default async function statsTests(h) {
  const { base, test, expect, shot, newPage, signIn, run } = h;
  const year = String(new Date().getFullYear());

  await test('an archivist picks a year and sees the figures and tables', async () => {
    const page = await newPage();
    await signIn(page, '档案员甲');
    await page.click('nav a:text-is("统计")');
    await page.waitForURL(/\/stats/);
    await page.selectOption('select[name="year"]', year);
    await Promise.all([page.waitForURL(new RegExp(`year=${year}`)), page.click('form.filters button')]);
    // The figures depend on what the parts before this one filed and destroyed: the page must
    // show what the command line computes from the same archive.
    const figures = JSON.parse(run(['stats', '--year', year, '--json']));
    const summary = await page.textContent('table.summary');
    const held = `${figures['馆藏']['件数']} 件，${figures['馆藏']['页数']} 页`;
    const filed = `${figures['本年归档']['件数']} 件，${figures['本年归档']['页数']} 页`;
    expect(summary.includes(`馆藏${held}`), `summary without 馆藏${held}: ${summary}`);
    expect(summary.includes(`本年归档${filed}`), `summary without 本年归档${filed}: ${summary}`);
    const captions = await page.locator('table.stats caption').allTextContents();
    for (const c of ['按年度', '按保管期限', '按门类', '按机构']) {
      expect(captions.includes(c), `no table ${c}: ${captions}`);
    }
    expect((await page.textContent('body')).includes('2024年'), 'the year 2024 is not listed');
    await shot(page, '60-stats');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('p.downloads a:text-is("PDF")'),
    ]);
    const file = await download.path();
    const head = fs.readFileSync(file).subarray(0, 5).toString();
    expect(head === '%PDF-', `the download is not a PDF: ${head}`);
  });

  await test('a clerk has no 统计 in the navigation', async () => {
    const page = await newPage();
    await signIn(page, '经办人乙');
    expect(await page.locator('nav a:text-is("统计")').count() === 0, 'a clerk is offered 统计');
  });
}
