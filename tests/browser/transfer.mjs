// Browser tests of issue 17's transfer pages: placeholder until the pages land (the work on them
// replaces this file).
export default async function transferTests() {}
