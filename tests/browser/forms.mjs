// Browser tests of the desk's forms pages (issue 15). PLACEHOLDER: replaced by the part's tests.
export default async function formsTests(h) {
  void h;
}
