/**
 * End-to-end checks on the real release (data/icd10cm/release, built once by the
 * global setup): the example note, and the coverage of every billable
 * code by its own long description.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { CompiledLexicon } from '../../src/artifact/model.js';
import { loadEngine, type Engine } from '../../src/engine.js';
import { readIndexReferences } from '../../src/lexicon/index-references.js';
import wordSenses from '../../data/text/word-senses.json' with { type: 'json' };

let engine: Engine;
let lexicon: CompiledLexicon;
beforeAll(async () => {
  engine = await loadEngine({ build: 'never' });
  lexicon = new CompiledLexicon(engine.buffer);
});

/** Each span of `text` as "span text=top code". */
const found = (text: string): string[] => engine.detect(text).map((s) => `${s.text}=${s.concepts[0]?.code}`);

describe('real release', () => {
  it('codes the example note with one span per condition', () => {
    const text =
      '72 yo M with type 2 diabetes mellitus with diabetic chronic kidney disease, essential hypertension and acute systolic congestive heart failure.';
    const spans = engine.detect(text);
    expect(spans.map((s) => [s.text, s.concepts[0]?.code])).toEqual([
      ['type 2 diabetes mellitus with diabetic chronic kidney disease', 'E11.22'],
      ['essential hypertension', 'I10'],
      ['acute systolic congestive heart failure', 'I50.21'],
    ]);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('finds common phrasings through the index and its variants', () => {
    const top = (text: string) => engine.detect(text)[0]?.concepts[0]?.code;
    expect(top('aspiration pneumonia')).toBe('J69.0');
    expect(top('Pneumonia')).toBe('J18.9');
    expect(top('bilateral leg oedema')).toMatch(/^R60/);
    expect(top('Alzheimer’s disease')).toMatch(/^G30/);
  });

  it('finds index phrasings whose main term goes after its modifier, and see-references into the tables', () => {
    expect(found('Patients with renal impairment.')).toEqual(['renal impairment=N28.9']);
    expect(found('moderate hepatic impairment')).toEqual(['hepatic impairment=K72.90']);
    expect(found('History of malignancy within 5 years.')).toEqual(['malignancy=C80.1']);
    expect(found('Acute decompensated heart failure.')).toEqual(['decompensated heart failure=I50.9']);
    expect(found('End-stage renal failure.')).toEqual(['End-stage renal failure=N18.6']);
    expect(found('auricular fibrillation')).toEqual(['auricular fibrillation=I48.91']);
    expect(found('Psychiatric disorder')).toEqual(['Psychiatric disorder=F99']);
  });

  it("reads a main term that only names another entry with that entry's subterms, but not one with an everyday sense", () => {
    expect(found('Renal lithiasis.')).toEqual(['Renal lithiasis=N20.0']);
    expect(found('Thrombus in the portal vein.')).toEqual([expect.stringMatching(/^Thrombus in the portal( vein)?=I81$/)]);
    expect(found('back ache')).toEqual(['back ache=M54.9']);
    // "Affection" see "Disease": "affecting" is the verb.
    expect(found('The tumor was without affecting the kidney.').filter((f) => f.includes('affecting'))).toEqual([]);
  });

  it("reads a main term that is another's name by 'see' with the other's subterms even when it has its own", () => {
    // "Pathology (of)" see "Disease", with one subterm of its own.
    expect(found('Untreated thyroid pathology.')).toEqual(['thyroid pathology=E07.9']);
    expect(found('The pathology report was reviewed.')).toEqual([]);
  });

  it('resolves the lymphoma, headache and pulmonary hypertension abbreviations by their sentence and says nothing without a cue', () => {
    expect(found('Relapsed FL or MCL after rituximab.')).toEqual(['FL=C82.90', 'MCL=C83.10']);
    expect(found('Bilateral HL on the audiogram.')).toEqual(['HL=H91.90']);
    expect(found('Partial MCL tear of the left knee.').filter((f) => f.startsWith('MCL'))).toEqual([]);
    expect(found('FL 52 mm on fetal ultrasound.')).toEqual([]);
    expect(found('Periventricular WM hyperintensities on MRI.').filter((f) => f.startsWith('WM'))).toEqual([]);
    expect(found('Daily HAs since the head injury.').filter((f) => f.startsWith('HA'))).toEqual(['HAs=R51.9']);
    expect(found('HA injection into the knee.')).toEqual([]);
    expect(found('WHO group 1 PH on right heart catheterization.')).toEqual(['PH=I27.20']);
    expect(found('Arterial PH was 7.2.')).toEqual([]);
  });

  it('reads an organism named alone as the cause of the infection (B95-B97)', () => {
    expect(found('Blood cultures grew Staphylococcus aureus.')).toEqual(['Staphylococcus aureus=B95.61']);
    expect(found('Pseudomonas aeruginosa was isolated.')).toEqual(['Pseudomonas aeruginosa=B96.5']);
    // An organism of "Infection, <organism>" alone is its infection; a site under "Infection" is not.
    expect(found('Serology was positive for Brucella.')).toEqual(['Brucella=A23.9']);
    expect(found('Cytomegalovirus was detected.')).toEqual(['Cytomegalovirus=B25.9']);
    expect(found('The chest X-ray and the heart were normal.')).toEqual([]);
    // The Tabular's bracketed short name, read across the initial's dot.
    expect(found('Urine culture grew E. coli.')).toEqual(['E. coli=B96.20']);
  });

  it('reads a lab value named without "level"', () => {
    expect(found('Elevated transaminases.')).toEqual(['Elevated transaminases=R74.01']);
    expect(found('An increase in transaminases.')).toEqual(['increase in transaminases=R74.01']);
    expect(found('Raised intracranial pressure.')).toEqual(['Raised intracranial pressure=G93.2']);
  });

  it('reads the adjective an examination uses for a condition', () => {
    expect(found('The patient was tachycardic and dyspneic.')).toEqual(['tachycardic=R00.0', 'dyspneic=R06.00']);
    expect(found('A cachectic man.')).toEqual(['cachectic=R64']);
    expect(found('He is hypothyroid.')).toEqual(['hypothyroid=E03.9']);
    // A drug class, not the condition.
    expect(found('Treated with oral hypoglycemic agents.')).toEqual([]);
  });

  it('reads the participle of a condition noun the stemmer keeps apart', () => {
    expect(found('Distended abdomen.')).toEqual(['Distended abdomen=R14.0']);
    expect(found('Abdominal distention.')).toEqual(['Abdominal distention=R14.0']);
  });

  it('localizes a finding by a named lymph node station, and keeps one the note calls generalized', () => {
    expect(found('Regional lymphadenopathy.')).toEqual(['lymphadenopathy=R59.0']);
    expect(found('Popliteal lymphadenopathy.')).toEqual(['lymphadenopathy=R59.0']);
    expect(found('Generalized edema, worse in both legs.')).toEqual(['Generalized edema=R60.1']);
  });

  it("reads a site's adjective and the abdomen's older regional names", () => {
    expect(found('Tracheal stenosis.')).toEqual(['Tracheal stenosis=J39.8']);
    expect(found('Macular edema.')).toEqual(['Macular edema=H35.81']);
    expect(found('Palpebral edema.')).toEqual(['Palpebral edema=H02.849']);
    expect(found('Blurred vision.')).toEqual(['Blurred vision=H53.8']);
    expect(found('Facial asymmetry.')).toEqual(['Facial asymmetry=Q67.0']);
    // "Lues, luetic" see "Syphilis": a four-letter main term and its adjective; and the project's "Microhematuria".
    expect(found('Lues.')).toEqual(['Lues=A53.9']);
    expect(found('Microhematuria.')).toEqual(['Microhematuria=R31.29']);
    // "Retention, urine": the stemmer keeps "urinary" and "urine" apart.
    expect(found('Acute urinary retention.')).toEqual(['urinary retention=R33.9']);
    expect(found('Anal pain.')).toEqual(['Anal pain=K62.89']);
    expect(found('Right iliac fossa pain.')).toEqual(['Right iliac fossa pain=R10.31']);
  });

  it("resolves each of the project's own see-references in this release", () => {
    const references = readIndexReferences();
    expect(references.length).toBeGreaterThan(0);
    // A word that names the condition only in some company is given it: the last of its next words
    // ("intolerance of"; the first, "nursing mother", is a reference of its own).
    const objects = new Map(wordSenses.words.map((w) => [w.word, ` ${w.next.at(-1) as string} metformin`]));
    for (const r of references) {
      const spans = engine.detect(`${r.term}${objects.get(r.term.toLowerCase()) ?? ''}.`);
      expect(spans.map((s) => [s.text, s.source]), r.term).toEqual([[r.term, 'index-see']]);
    }
    // A stopped habit is its history, not the habit.
    expect(found('Ex-smoker for 7 years.')).toEqual(['Ex-smoker=Z87.891']);
    expect(found('A former smoker.')).toEqual(['former smoker=Z87.891']);
    expect(found('Smoker.')).toEqual(['Smoker=F17.200']);
  });

  it('reads a woman\'s lactation and menopause as the states the Index codes', () => {
    expect(found('Pregnant or lactating women.')).toEqual(['Pregnant=Z33.1', 'lactating=Z39.1']);
    expect(found('Current pregnancy or lactation.')).toEqual(['pregnancy=Z33.1', 'lactation=Z39.1']);
    expect(found('Women who are breast-feeding. Nursing mothers.')).toEqual(['breast-feeding=Z39.1', 'Nursing mothers=Z39.1']);
    // 'Nursing' is breastfeeding only in that company; every form of the word is held to it.
    expect(found('Pregnant or nursing.')).toEqual(['Pregnant=Z33.1', 'nursing=Z39.1']);
    expect(found('Pregnancy, age under 18, nursing.')).toEqual(['Pregnancy=Z33.1', 'nursing=Z39.1']);
    expect(found('Nursing home resident. The nurse noted a fever.')).toEqual(['fever=R50.9']);
    // The company is read in the same clause only.
    expect(found('No pregnancy. Nursing care.')).toEqual(['pregnancy=Z33.1']);
    // A disorder of lactation keeps its own code.
    expect(found('Failed lactation.')).toEqual(['Failed lactation=O92.3']);
    expect(found('Postmenopausal women with postmenopausal bleeding.')).toEqual(['Postmenopausal=Z78.0', 'postmenopausal bleeding=N95.0']);
  });

  it("takes a pregnancy in a note about a child as the mother's", () => {
    const child = engine.detect('A 2-month-old infant was admitted with fever. Pregnancy and delivery were normal.');
    const pregnancy = child.find((s) => s.concepts[0]?.code === 'Z33.1');
    expect(pregnancy?.assertions?.family).toBe(true);
    expect(pregnancy?.rules).toContain('exp.child-patient');
    expect(child.find((s) => s.text === 'fever')?.assertions?.family).toBe(false);
    const adult = engine.detect('A 34-year-old woman, 18 weeks pregnant, came to the emergency room.');
    expect(adult.find((s) => s.concepts[0]?.code === 'Z33.1')?.assertions?.family).toBe(false);
  });

  it("reads 'intolerance' as a drug's adverse effect only with its object or beside drugs; a named food keeps its code", () => {
    expect(found('Known intolerance to metformin.')).toEqual(['intolerance=T88.7XXA']);
    expect(found('Intolerance or allergy to aspirin.')[0]).toBe('Intolerance=T88.7XXA');
    expect(found('Toxicity, intolerance or failure of the current regimen.')).toEqual(['intolerance=T88.7XXA']);
    expect(found('Intolerant of statins.')).toEqual(['Intolerant=T88.7XXA']);
    expect(found('Lactose intolerance.')).toEqual(['Lactose intolerance=E73.9']);
    expect(found('Exercise intolerance.')).toEqual([]);
  });

  it('reads a tumor named without its site as the Index codes it', () => {
    // The morphology's own "unspecified site" subterm.
    expect(found('Glioblastoma.')).toEqual(['Glioblastoma=C71.9']);
    expect(found('Pheochromocytoma.')).toEqual(['Pheochromocytoma=D35.00']);
    // A morphology that sees the Table of Neoplasms: the table's unspecified site, placed by a site said with it.
    expect(found('Adenocarcinoma.')).toEqual(['Adenocarcinoma=C80.1']);
    expect(found('Adenocarcinoma in the sigmoid colon.')).toEqual(['Adenocarcinoma=C18.7']);
    expect(found('Sarcoma.')).toEqual(['Sarcoma=C49.9']);
    // A metastasis without its site is the Index's metastatic disease, placed the same way.
    expect(found('Unresectable synchronous metastases.')).toEqual(['metastases=C79.9']);
    expect(found('Metastasis in the liver.')).toEqual(['Metastasis in the liver=C78.7']);
  });

  it("reads 'lupus' alone as SLE and 'smoking' as the smoker's dependence; a named form keeps its code", () => {
    expect(found('Prior documented lupus.')).toEqual(['lupus=M32.9']);
    expect(found('Discoid lupus.')).toEqual(['Discoid lupus=L93.0']);
    expect(found('Current smoking.')).toEqual(['smoking=F17.200']);
    expect(found('Passive smoking.')).toEqual(['Passive smoking=Z77.22']);
  });

  it('reads British spellings and the Index main term\'s other forms', () => {
    expect(found('Known thalassaemia. Untreated phaeochromocytoma.')).toEqual(['thalassaemia=D56.9', 'phaeochromocytoma=D35.00']);
    expect(found('Active peptic ulceration.')).toEqual(['peptic ulceration=K27.9']);
  });

  it("reads a condition's adjective where the stemmer keeps it apart from the noun", () => {
    expect(found('Severely alpha-1-antitrypsin deficient.')).toEqual(['alpha-1-antitrypsin deficient=E88.01']);
    expect(found('Menstrual irregularity.')).toEqual(['Menstrual irregularity=N92.6']);
  });

  it("reads 'dependent' as the Index's dependence with a substance nearby or a named dependence, and not alone", () => {
    expect(found('Currently dependent on any substance.')).toEqual(['dependent=F19.20']);
    expect(found('Oxygen dependent.')).toEqual(['Oxygen dependent=Z99.81']);
    expect(found('A mass dependent on the left kidney.')).toEqual([]);
    expect(found('Incontinent of urine.')).toEqual(['Incontinent of urine=R32']);
  });

  it("reads 'malformation' as the Index's anomaly, 'AV' as atrioventricular, and a receptor result without 'status'", () => {
    expect(found('Vascular malformation.')).toEqual(['Vascular malformation=Q27.9']);
    expect(found('High degree AV block.').map((f) => f.split('=')[1])).toEqual([expect.stringMatching(/^I44/)]);
    expect(found('Estrogen receptor positive.')).toEqual(['Estrogen receptor positive=Z17.0']);
  });

  it('reads "Tear, torn" as one main term written two ways', () => {
    expect(found('Rotator cuff tear.')).toEqual(['Rotator cuff tear=M75.100']);
    expect(found('Torn meniscus.')).toEqual(['Torn meniscus=S83.209A']);
  });

  it('reads the usual names of what the Index files as use, abuse and type 2 diabetes', () => {
    expect(found('Alcohol misuse.')).toEqual(['Alcohol misuse=F10.10']);
    expect(found('Chronic alcohol consumption.').map((f) => f.split('=')[1])).toEqual(['F10.90']);
    expect(found('Non-insulin-dependent diabetes mellitus.')).toEqual(['Non-insulin-dependent diabetes=E11.9']);
  });

  it('reads an eponymous disease named by its possessive alone, and only the possessive', () => {
    expect(found("History of Crohn's. Alzheimer’s patients.")).toEqual(['Crohn=K50.90', 'Alzheimer=G30.9']);
    // A capitalised name with the "s" and no apostrophe is written as a possessive too.
    expect(found('History of Gilberts.')).toEqual(['Gilberts=E80.4']);
    expect(found('He could still walk. Mr Crohn came in.')).toEqual([]);
  });

  it("reads 'disorder' alone as an unnamed illness, as 'disease', and a named one as itself", () => {
    expect(found('Any other disorder that would interfere with the study.')).toEqual(['disorder=R69']);
    expect(found('Patients who are critically ill.')).toEqual(['critically ill=R69']);
    expect(found('He will be ill at ease.')).toEqual([]);
    expect(found('Psychiatric disorders.')).toEqual(['Psychiatric disorders=F99']);
  });

  it("reads an organ's abnormal function as the Index's abnormal function studies", () => {
    expect(found('Abnormal renal function.')).toEqual(['Abnormal renal function=R94.4']);
    expect(found('Abnormal liver function.')).toEqual(['Abnormal liver function=R94.5']);
  });

  it("reads 'sensitivity' as an allergy only with its object", () => {
    expect(found('Known sensitivity to penicillin.').map((f) => f.split('=')[0])).toEqual(['sensitivity']);
    expect(found('Corneal sensitivity was normal. Loss of sensitivity in the left leg.')).toEqual([]);
    expect(found('Known allergy, sensitivity or intolerance to the study drugs.').map((f) => f.split('=')[0])).toContain('sensitivity');
  });

  it('reads a descriptive adjective of pathology as no diagnosis alone, and inside its term as the term', () => {
    expect(found('Necrotic material was drained.')).toEqual([]);
    expect(found('Necrotizing fasciitis.')).toEqual(['Necrotizing fasciitis=M72.6']);
  });

  it("reads the Latin 'ulcus' as 'ulcer', as the Index's 'Ulcus' entry does", () => {
    expect(found('Operated on for a duodenal ulcus.')).toEqual(['duodenal ulcus=K26.9']);
  });

  it("takes the Index's code where a Tabular inclusion term gives the same words another", () => {
    expect(found('Hepatitis B.')).toEqual(['Hepatitis B=B19.10']);
    // R91.8 keeps its inclusion wording, so the review reads "infiltrates" as "infiltrate".
    expect(found('Pulmonary infiltrates.')).toEqual(['Pulmonary infiltrates=R91.8']);
  });

  it('reads each kind the Index lists after a main term before it', () => {
    expect(found('Admitted with ischemic stroke.')).toEqual(['ischemic stroke=I63.9']);
    expect(found('Thrombotic stroke.')).toEqual(['Thrombotic stroke=I63.9']);
  });

  it('reads a symptom named before its site, and a site by its half or part', () => {
    expect(found('Pain in the right upper quadrant.')).toEqual(['Pain in the right upper quadrant=R10.11']);
    expect(found('Pain in the left hypochondrium.')).toEqual(['Pain in the left hypochondrium=R10.12']);
    expect(found('Pain in the epigastric region.')).toEqual(['Pain in the epigastric=R10.13']);
    expect(found('Pain in the right hemiscrotum.')).toEqual(['Pain in the right hemiscrotum=N50.82']);
    expect(found('Glans pain.')).toEqual(['Glans pain=N48.89']);
    expect(found('Pain in the left hemithorax.')).toEqual(['Pain in the left hemithorax=R07.9']);
    // A qualifier that is not a site does not turn: this pain is not chronic pain.
    expect(found('Pain in chronic pancreatitis.')).toEqual(['Pain=R52', 'chronic pancreatitis=K86.1']);
  });

  it('reads a site the Index groups under "limb" or "joint" next to the main term', () => {
    expect(found('Left thigh pain.')).toEqual(['thigh pain=M79.652']);
    expect(found('Hand pain.')).toEqual(['Hand pain=M79.643']);
    expect(found('Right hip pain.')).toEqual(['hip pain=M25.551']);
  });

  it("reads a fracture title's site list as fractures of the sites, not as the sites", () => {
    expect(found('The trachea and the larynx were displaced.')).toEqual([]);
    expect(found('Fracture of the heel bone.')).toEqual(['Fracture of the heel bone=S92.009A']);
  });

  it('codes a stated allergy as an allergy status, as the Index files it', () => {
    expect(found('She is allergic to penicillin.')).toEqual(['allergic to penicillin=Z88.0']);
    expect(found('Sulfonamides allergy.')).toEqual(['Sulfonamides allergy=Z88.2']);
  });

  it("codes a case report's 'the tumor' as the neoplasm it named, reading the top row from the release's table", () => {
    const foundTwo = (text: string) => engine.detect(text).map((s) => `${s.text}=${s.concepts.slice(0, 2).map((c) => c.code).join(',')}`);
    expect(foundTwo('Renal cell carcinoma of the left kidney was diagnosed. The tumor measured 4 cm.')).toEqual([
      'Renal cell carcinoma=C64.2',
      'tumor=C64.2,D49.9',
    ]);
    expect(foundTwo('The tumor measured 4 cm.')).toEqual(['tumor=D49.9']);
    // The top row the step reads, one code per column of the table.
    expect([...lexicon.neoplasm.unspecified].map((i) => lexicon.codes.get(i))).toEqual(['C80.1', 'C79.9', 'D09.9', 'D36.9', 'D48.9', 'D49.9']);
  });

  it('says so when the best code is a non-billable header', () => {
    for (const s of engine.detect('diabetes with chronic kidney disease, fracture of femur, heart failure')) {
      for (const c of s.concepts) {
        const i = lexicon.codeIndex(c.code);
        expect(i).toBeGreaterThanOrEqual(0);
        expect(c.billable).toBe(lexicon.billable[i] === 1);
      }
    }
  });

  it("ranks each billable code first for its own long description (>= 99%)", () => {
    let total = 0;
    let hits = 0;
    for (let i = 0; i < lexicon.codes.length; i++) {
      if (lexicon.billable[i] !== 1) continue;
      total++;
      const description = lexicon.descriptions.get(i);
      const spans = engine.detect(description, { context: false });
      const longest = spans.reduce<(typeof spans)[number] | undefined>((best, s) => (best === undefined || s.end - s.start > best.end - best.start ? s : best), undefined);
      if (longest?.concepts[0]?.code === lexicon.codes.get(i)) hits++;
    }
    expect(total).toBe(lexicon.header.counts.billableCodes);
    const share = hits / total;
    console.log(`description coverage: ${hits}/${total} = ${(share * 100).toFixed(2)}%`);
    expect(share).toBeGreaterThanOrEqual(0.99);
  });

  it('looks up a code with its Tabular facts', () => {
    const info = engine.lookup('E11.22');
    expect(info).toMatchObject({ code: 'E11.22', billable: true, description: 'Type 2 diabetes mellitus with diabetic chronic kidney disease' });
    expect(info?.chapter?.description).toMatch(/Endocrine/i);
    expect(info?.category?.code).toBe('E11');
    expect(engine.lookup('S72.001A')?.category?.code).toBe('S72');
    expect(engine.lookup('E11')?.billable).toBe(false);
  });

  it('keeps offsets exact and spans in text order through every reading beyond single matches', () => {
    // Pieces that set off coordination, interposed words, the anaphora, header spans and the fallback.
    const piece = fc.constantFrom(
      'renal', 'hepatic', ' or ', ' and ', '/', ', ', ' in the ', ' right ', ' her ', 'impairment', 'kidney', 'mass', 'tumor',
      'renal cell carcinoma', 'disease', 'his disease', 'History of present illness:', 'abdominal pain', 'distension',
      'substance abuse', '\r\n', '.', '😀', 'é', ' ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        const spans = engine.detect(text);
        spans.forEach((s, i) => {
          expect(text.slice(s.start, s.end)).toBe(s.text);
          if (i > 0) expect(s.start).toBeGreaterThanOrEqual((spans[i - 1] as (typeof spans)[number]).start);
        });
      }),
      { numRuns: 300 },
    );
  });
});
