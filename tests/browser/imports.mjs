// Browser tests of the desk's imports pages (issue 15). PLACEHOLDER: replaced by the part's tests.
export default async function importsTests(h) {
  void h;
}
