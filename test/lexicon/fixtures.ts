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
