// Browser tests of issue 17's lending pages: placeholder until the pages land (the work on them
// replaces this file).
export default async function lendingTests() {}
