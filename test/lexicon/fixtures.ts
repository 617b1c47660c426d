/** Made-up release files in the release's shapes, for tests (not release data). */

/** A Tabular List with two chapters' worth of shapes. */
export const TABULAR = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
  <version>2099</version>
  <chapter>
    <name>1</name>
    <desc>Made-up diseases (A10-B29)</desc>
    <section id="A10-A19">
      <desc>Widget diseases (A10-A19)</desc>
      <diag>
        <name>A10</name>
        <desc>Widget disease</desc>
        <includes>
          <note>widgetosis</note>
          <note>infections due to widgets classifiable to A10.0-A10.8 and other long sentences</note>
        </includes>
        <excludes1><note>gadget disease (B20.-)</note></excludes1>
        <useAdditionalCode><note>code for the widget (Y99)</note></useAdditionalCode>
        <diag>
          <name>A10.9</name>
          <desc>Widget disease, unspecified</desc>
          <inclusionTerm>
            <note>Widget (chronic) disease NOS</note>
            <note>Widget fever &amp; chills</note>
          </inclusionTerm>
          <excludes2><note>sprocket disorder (C30)</note></excludes2>
          <codeFirst><note>underlying condition</note></codeFirst>
          <codeAlso><note>gadget, if known</note></codeAlso>
        </diag>
      </diag>
    </section>
    <section id="B20-B29">
      <desc>Gadget injuries (B20-B29)</desc>
      <diag>
        <name>B20</name>
        <desc>Gadget injury</desc>
        <sevenChrNote><note>The appropriate 7th character is to be added to each code from category B20:</note></sevenChrNote>
        <sevenChrDef>
          <extension char="A">initial encounter</extension>
          <extension char="D">subsequent encounter</extension>
        </sevenChrDef>
        <diag>
          <name>B20.0</name>
          <desc>Gadget injury of head</desc>
          <notes><note>A made-up note.</note></notes>
        </diag>
      </diag>
    </section>
  </chapter>
</ICD10CM.tabular>`;

/** An Alphabetic Index whose codes need remapping against ORDER_2099. */
export const INDEX = `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.index>
  <version>2099</version>
  <title>INDEX TO DISEASES and INJURIES</title>
  <letter>
    <title>W</title>
    <mainTerm>
      <title>Widget<nemod>(chronic)</nemod></title>
      <code>A10</code>
      <term level="1">
        <title>head injury</title>
        <code>B20.0-</code>
      </term>
      <term level="1">
        <title>obsolete</title>
        <code>A10.05</code>
      </term>
      <term level="1">
        <title>vanished</title>
        <code>Q77.1</code>
      </term>
    </mainTerm>
    <mainTerm>
      <title>Wodget</title>
      <see>Widget, head injury</see>
    </mainTerm>
  </letter>
</ICD10CM.index>`;

/** Order file rows for FY2099: [code without dot, billable, long title]. */
export const ORDER_2099: Array<[string, boolean, string]> = [
  ['A10', false, 'Widget disease'],
  ['A100', true, 'Widget disease of left part'],
  ['A109', true, 'Widget disease, unspecified'],
  ['B20', false, 'Gadget injury'],
  ['B200', false, 'Gadget injury of head'],
  ['B200XXA', true, 'Gadget injury of head, initial encounter'],
  ['B200XXD', true, 'Gadget injury of head, subsequent encounter'],
  ['C30', true, 'Essential (primary) sprocket disorder'],
];

/**
 * A made-up Table of Neoplasms in the release's shape (not release data): the
 * heading, the table's unspecified-site row, and `rows` (its <term> elements).
 */
export function neoplasmTableXml(rows: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.index>
  <version>2099</version>
  <indexHeading>
    <head col="1">Neoplasm</head>
    <head col="2">Malignant Primary</head>
    <head col="3">Malignant Secondary</head>
    <head col="4">Ca in situ</head>
    <head col="5">Benign</head>
    <head col="6">Uncertain Behavior</head>
    <head col="7">Unspecified Behavior</head>
  </indexHeading>
  <letter>
    <title>N</title>
    <mainTerm>
      <title>Neoplasm, neoplastic</title>
      <cell col="2">C80.1</cell><cell col="3">C79.9</cell><cell col="4">D09.9</cell>
      <cell col="5">D36.9</cell><cell col="6">D48.9</cell><cell col="7">D49.9</cell>
${rows}
    </mainTerm>
  </letter>
</ICD10CM.index>`;
}

/** A made-up Table of Drugs and Chemicals in the release's shape (not release data): the heading and `mainTerms`. */
export function drugTableXml(mainTerms: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.index>
  <version>2099</version>
  <indexHeading>
    <head col="1">Substance</head>
    <head col="2">Poisoning Accidental (unintentional)</head>
    <head col="3">Poisoning Intentional self-harm</head>
    <head col="4">Poisoning Assault</head>
    <head col="5">Poisoning Undetermined</head>
    <head col="6">Adverse effect</head>
    <head col="7">Underdosing</head>
  </indexHeading>
  <letter>
    <title>F</title>
${mainTerms}
  </letter>
</ICD10CM.index>`;
}
