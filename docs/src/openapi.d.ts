// static/openapi.json is generated before each build (scripts/openapi.ts) and is not committed.
// Declaring it keeps `tsc` independent of whether it exists yet; api-reference/document.ts gives it a type.
declare module '@site/static/openapi.json' {
  const document: unknown;
  export default document;
}
