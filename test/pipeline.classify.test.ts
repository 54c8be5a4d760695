import { describe, expect, it } from 'vitest';
// The 29 categories the held-out CLASSIFY check offers.
import { CATEGORIES as HELD_OUT } from '../bench/classify-texts.ts';
import { matchDocType, stem } from '../src/pipeline/steps/category-cues.ts';
import { classifyDocument, scoreDocTypes } from '../src/pipeline/steps/classify.ts';
import { DOC_TYPES } from '../src/pipeline/steps/doc-types.ts';
import { PipelineError } from '../src/pipeline/types.ts';

const INVOICE = `ACME Ltd
INVOICE
Invoice number: 2024-117   Invoice date: 2024-03-01
Bill to: Roe Consulting
Description  Qty  Unit price  Amount
Consulting    10     100.00   1,000.00
Subtotal 1,000.00
VAT 20% 200.00
Amount due 1,200.00   Due date: 2024-03-31
Payment terms: 30 days`;

const RECEIPT = `CORNER CAFE
Table 4   Cashier: Tom
2 Latte        9.00
1 Croissant    3.20
TOTAL         12.20
VISA ****1234  12.20
Change 0.00
Thank you for your visit!`;

const CONTRACT = `SERVICE AGREEMENT
This Agreement is made between the Parties named below.
WHEREAS the Provider offers services; NOW THEREFORE the parties hereby agree:
1. Term. This agreement shall commence on the Effective Date.
2. Termination. Either party may terminate with 30 days notice.
3. Governing law. This agreement shall be governed by the laws of England.
Signature: ____________`;

const PASSPORT = `PASSPORT  PASSEPORT
Type P   Code UTO   Passport No. L898902C3
Surname ERIKSSON
Given names ANNA MARIA
Nationality UTOPIAN
Date of birth 12 AUG 1974   Sex F
Date of expiry 15 APR 2012
P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<
L898902C36UTO7408122F1204159ZE184226B<<<<<10`;

const TRANSCRIPT = `IN THE SUPREME COURT OF THE UNITED STATES
JOHN DOE, Petitioner, v. RICHARD ROE, Respondent.
No. 21-123
Washington, D.C. Monday, March 1, 2021
The above-entitled matter came on for oral argument before the Supreme Court.
CHIEF JUSTICE ROBERTS: We will hear argument first this morning in Case 21-123.
MS. SMITH: Mr. Chief Justice, and may it please the Court: the petitioner asks
JUSTICE THOMAS: Counsel, what is the standard of review in this case?
Page 3 of 60`;

const JUDGMENT = `UNITED STATES DISTRICT COURT FOR THE DISTRICT OF NEVADA
JANE ROE, Plaintiff, v. ACME CORP., Defendant.
Civil Action No. 2:21-cv-0042
ORDER GRANTING DEFENDANT'S MOTION TO DISMISS
The Court has considered the motion and the complaint. The complaint fails to state a claim.
IT IS HEREBY ORDERED that the motion is granted.`;

const FORM = `APPLICATION FORM — please print in block letters
First name: ____________   Last name: ____________
Date of birth: __ / __ / ____
Address: ______________________________
Check one: [ ] Yes  [ ] No
Signature of applicant: ____________   Date: ________
For office use only`;

const MEMO = `MEMORANDUM
TO: All staff
FROM: Facilities
DATE: May 5, 2023
SUBJECT: Parking garage closure
The parking garage will be closed on Friday for maintenance. Please use the east lot.`;

const CARD = `Jane Roe
Senior Consultant
Roe & Partners
+44 20 7946 0958
jane.roe@roepartners.example
www.roepartners.example`;

const PAYSLIP = `ACME Ltd — Payslip
Employee: J. Roe   Employee ID 4471   Pay period: 01/03/2024 – 31/03/2024   Pay date 28/03/2024
Basic salary 3,200.00   Overtime 240.00
Gross pay 3,440.00
Deductions: Income tax 610.00  National insurance 280.00
Net pay 2,550.00   YTD gross 10,320.00`;

const STATEMENT = `First Bank — Account statement
Statement period 01/03/2024 to 31/03/2024   Sort code 12-34-56   Account number 12345678
Opening balance 1,204.10
02/03 Card payment TESCO 23.40- 1,180.70
05/03 Direct debit ENERGY CO 80.00- 1,100.70
15/03 Salary ACME LTD 2,550.00 3,650.70
Closing balance 3,650.70`;

const LICENCE = `CALIFORNIA DRIVER LICENSE
DL I1234568  CLASS C
EXP 08/31/2029
LN ROE  FN JANE
DOB 08/31/1990
RSTR NONE   SEX F  HGT 5-05  WGT 125 lb  EYES BRN  HAIR BRN
ISS 08/31/2024   DONOR`;

const MANY = [
  'court document',
  'receipt',
  'invoice',
  'passport',
  'ID card',
  'driver license',
  'payslip',
  'bank statement',
  'scientific paper',
  'form',
  'legal transcript',
  'utility bill',
  'business card',
  'contract',
  'letter',
  'memo',
  'purchase order',
  'quote',
  'credit note',
  'tax form',
  'medical record',
  'certificate',
  'shipping document',
  'menu',
  'ticket',
  'report',
  'resume',
].map((name) => ({ name, description: name }));

const CATEGORIES = [
  { name: 'invoice', description: 'A bill asking for payment' },
  { name: 'receipt', description: 'Proof of a payment already made' },
  { name: 'contract' },
];

describe('classifyDocument', () => {
  it('stems words so that plural and inflected forms meet', () => {
    expect(stem('invoices')).toBe(stem('invoice'));
    expect(stem('companies')).toBe(stem('company'));
    expect(stem('charged')).toBe(stem('charge'));
    expect(stem('class')).toBe('class');
  });

  it.each([
    ['invoice', INVOICE],
    ['receipt', RECEIPT],
    ['contract', CONTRACT],
  ])('recognises a %s', (expected, text) => {
    const r = classifyDocument(text, CATEGORIES);
    expect(r.classification).toBe(expected);
    expect(r.confidence).toBeGreaterThan(0.5);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(Object.keys(r.scores).sort()).toEqual(['contract', 'invoice', 'receipt']);
    const sum = Object.values(r.scores).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 2);
    for (const s of Object.values(r.scores)) expect(s).toBeGreaterThan(0);
    expect(r.scores[expected]).toBe(Math.max(...Object.values(r.scores)));
  });

  it('cites the evidence it found in its reasoning', () => {
    const r = classifyDocument(INVOICE, CATEGORIES);
    expect(r.reasoning).toMatch(/^Chose "invoice": found /);
    expect(r.reasoning).toContain('"invoice number"');
    expect(r.reasoning).toMatch(/\(\d+ cues\)/);
    expect(r.reasoning).toContain('"contract" matched nothing');
  });

  it('uses the caller’s own category names and descriptions, including quoted phrases', () => {
    const categories = [
      { name: 'shipping_manifest', description: 'lists "container number" and "port of loading"' },
      { name: 'menu', description: 'starters mains desserts prices' },
    ];
    const text = 'MANIFEST\nContainer number: MSKU1234567\nPort of loading: Rotterdam\nVessel: Maersk Alfa';
    const r = classifyDocument(text, categories);
    expect(r.classification).toBe('shipping_manifest');
    expect(r.reasoning).toContain('"container number"');
    const r2 = classifyDocument('Starters\nSoup 5\nMains\nSteak 20\nDesserts\nCake 6', categories);
    expect(r2.classification).toBe('menu');
  });

  it('lowers confidence when the evidence is thin or shared', () => {
    const strong = classifyDocument(INVOICE, CATEGORIES);
    const thin = classifyDocument('Total 12.00', CATEGORIES);
    expect(thin.confidence).toBeLessThan(strong.confidence);
  });

  it('says that none fits when nothing matches, and spreads the scores evenly', () => {
    const r = classifyDocument('The quick brown fox jumps over the lazy dog.', CATEGORIES);
    expect(r.noneFits).toBe(true);
    expect(r.reasoning).toMatch(/None of the categories fits/);
    expect(r.confidence).toBeLessThan(0.3);
    expect(new Set(Object.values(r.scores)).size).toBe(1);
  });

  it('says that none fits when the document is a known type nobody offered', () => {
    const r = classifyDocument(PASSPORT, CATEGORIES);
    expect(r.noneFits).toBe(true);
    expect(r.documentType).toBe('passport');
    expect(r.reasoning).toMatch(/reads mo(?:re|st) like a passport \(.*a passport MRZ line/);
    expect(r.confidence).toBeLessThan(0.2);
    const offered = classifyDocument(PASSPORT, [...CATEGORIES, { name: 'Passport' }]);
    expect(offered.classification).toBe('Passport');
    expect(offered.noneFits).toBe(false);
    expect(offered.confidence).toBeGreaterThan(0.8);
  });

  it('takes a kind of an offered type for that type when the kind itself is not offered', () => {
    const TRANSCRIPT = `IN THE SUPREME COURT OF THE UNITED STATES
TRANSCRIPT OF PROCEEDINGS
Case No. 21-1043, Washington, D.C.
CHIEF JUSTICE ROBERTS: We will hear argument first this morning.
MR. HALE: Mr. Chief Justice, and may it please the Court:
JUSTICE THOMAS: Counsel, what is the standard of review?
MR. HALE: Your Honor, it is de novo.`;
    const PACKING_LIST = `PACKING LIST
Shipper: Nordwerk GmbH, Bremen
Consignee: Harbour Tools Ltd, Felixstowe
Invoice No. 88123
Carton  Item           Qty  Net weight
1       Socket set      40  12.0 kg
2       Torque wrench   10   8.5 kg
Total cartons: 2   Gross weight: 22.4 kg`;
    const offered = [
      { name: 'invoice' },
      { name: 'court document' },
      { name: 'shipping document' },
      { name: 'scientific paper' },
    ];
    const transcript = classifyDocument(TRANSCRIPT, offered);
    expect(transcript).toMatchObject({ classification: 'court document', noneFits: false });
    expect(transcript.documentType).toBe('legal_transcript');
    const packing = classifyDocument(PACKING_LIST, offered);
    expect(packing).toMatchObject({ classification: 'shipping document', noneFits: false });
    // Offered as itself, the kind is its own category, and the broader one does not take it.
    const both = classifyDocument(TRANSCRIPT, [...offered, { name: 'transcript' }]);
    expect(both.classification).toBe('transcript');
  });

  it('knows at least 40 document types', () => {
    expect(DOC_TYPES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(DOC_TYPES.map((t) => t.id)).size).toBe(DOC_TYPES.length);
  });

  it.each([
    ['Rechnung', 'invoice'],
    ['Facture', 'invoice'],
    ['utility bill', 'utility_bill'],
    ['Reisepass', 'passport'],
    ['carte d’identité', 'id_card'],
    ['ID card', 'id_card'],
    ['Führerschein', 'driver_license'],
    ['permis de conduire', 'driver_license'],
    ["driver's license", 'driver_license'],
    ['Kontoauszug', 'bank_statement'],
    ['bulletin de paie', 'payslip'],
    ['Gehaltsabrechnung', 'payslip'],
    ['court document', 'court_document'],
    ['legal transcript', 'legal_transcript'],
    ['boarding pass', 'ticket'],
    ['Lebenslauf', 'resume'],
    ['research paper', 'scientific_paper'],
    ['bill of lading', 'shipping_document'],
    // A session's record is a meeting's minutes; a court's is the Gerichtsprotokoll.
    ['Sitzungsprotokoll', 'meeting_minutes'],
    ['Gerichtsprotokoll', 'legal_transcript'],
    ["transcription d'audience", 'legal_transcript'],
    ["déclaration d'impôts", 'tax_form'],
    ['Steuerformular', 'tax_form'],
    ["bordereau d'expédition", 'shipping_document'],
    ['till slips', 'receipt'],
    ['CVs', 'resume'],
  ])('matches the category "%s" to the type %s', (name, id) => {
    expect(matchDocType({ name })?.type.id).toBe(id);
  });

  it('matches by description when the name is the caller’s own', () => {
    expect(matchDocType({ name: 'type_7', description: 'Scanned passports of our guests' })?.type.id).toBe(
      'passport',
    );
    expect(matchDocType({ name: 'zorblax' })).toBeUndefined();
  });

  it.each([
    ['a passport by its MRZ', PASSPORT, 'passport'],
    ['a court transcript rather than a paper', TRANSCRIPT, 'legal transcript'],
    ['a form rather than an invoice', FORM, 'form'],
    ['a court order rather than a transcript', JUDGMENT, 'court document'],
    ['a memo', MEMO, 'memo'],
    ['a business card by its shape', CARD, 'business card'],
    ['a payslip', PAYSLIP, 'payslip'],
    ['a bank statement', STATEMENT, 'bank statement'],
    ['a driver licence', LICENCE, 'driver license'],
  ])('tells %s among many categories offered by name', (_what, text, expected) => {
    const r = classifyDocument(text, MANY, { pageCount: 1, ocr: true });
    expect(r.classification).toBe(expected);
    expect(r.noneFits).toBe(false);
    expect(r.confidence).toBeGreaterThan(0.4);
  });

  it('matches a compound name by its head word, and knows an archive’s office types', () => {
    const id = (name: string) => matchDocType({ name, description: name })?.type.id;
    expect(id('offer letter')).toBe('letter');
    expect(id('academic transcript')).toBe('certificate');
    expect(id('court transcript')).toBe('legal_transcript');
    expect(id('questionnaire')).toBe('questionnaire');
    expect(id('specification')).toBe('specification');
    expect(id('datasheet')).toBe('specification');
    expect(id('budget')).toBe('budget');
    expect(id('advertisement')).toBe('brochure');
    // A file folder is no leaflet (German "Folder"): left to its own words.
    expect(id('file folder')).toBeUndefined();
  });

  const OFFICE = [
    'letter',
    'memo',
    'email',
    'form',
    'questionnaire',
    'budget',
    'specification',
    'advertisement',
    'invoice',
    'news article',
    'scientific report',
    'scientific publication',
  ].map((name) => ({ name, description: name }));
  it.each([
    [
      'a specification sheet',
      'PRODUCT SPECIFICATION\nSpec No. 118 Rev. B\nProperty Test Method Nominal Tolerance\nThickness (mm) ASTM D645 0.11 ±0.01\nMoisture (%) ASTM D644 6.5 ±1.0',
      'specification',
    ],
    [
      'a budget',
      'FY 1996 BUDGET\nLine item FY95 Actual FY96 Budget Variance\nSalaries 410,000 430,000 20,000\nFringe benefits 82,000 86,000 4,000\nTotal 492,000 516,000 24,000',
      'budget',
    ],
    [
      'a questionnaire rather than a form',
      'Customer questionnaire\n1. How satisfied are you with our service?\nStrongly agree 1 2 3 4 5 Strongly disagree\n2. Would you recommend us? Yes No',
      'questionnaire',
    ],
    [
      'an advertisement rather than an article',
      'INTRODUCING the new Model 7\nNow available at your local dealer.\nSave 20% for a limited time. Offer ends May 31.',
      'advertisement',
    ],
    [
      'an e-mail rather than a memo',
      'From: Ann Lee <ann@example.com>\nSent: Monday, June 2, 2003 9:12 AM\nTo: Bob Stone\nCc: Team\nSubject: RE: delivery\nBob, the pallets arrive Thursday.',
      'email',
    ],
    [
      'a research report rather than a paper',
      'RESEARCH REPORT No. 91-7\nEffect of paper porosity on burn rate\nSummary\nIntroduction\nMethods\nResults\nConclusions',
      'scientific report',
    ],
  ])('tells %s among office categories', (_what, text, expected) => {
    expect(classifyDocument(text, OFFICE, { pageCount: 1, ocr: true }).classification).toBe(expected);
  });

  it('falls back to the words of a category the taxonomy does not know', () => {
    const categories = [
      ...MANY,
      { name: 'chess score sheet', description: 'moves "white" "black" round board' },
    ];
    const text = 'Round 3   Board 12\nWhite: Carlsen   Black: Nakamura\n1. e4 e5 2. Nf3 Nc6 3. Bb5 a6';
    const r = classifyDocument(text, categories);
    expect(r.classification).toBe('chess score sheet');
    expect(r.documentType).toBeNull();
  });

  it('handles empty and huge text', () => {
    expect(classifyDocument('', CATEGORIES).classification).toBe('invoice');
    const huge = `${INVOICE}\n${'lorem ipsum dolor sit amet '.repeat(400_000)}`;
    const started = Date.now();
    expect(classifyDocument(huge, CATEGORIES).classification).toBe('invoice');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses no categories and duplicate names', () => {
    expect(() => classifyDocument(INVOICE, [])).toThrow(PipelineError);
    expect(() => classifyDocument(INVOICE, [{ name: 'a' }, { name: 'a' }])).toThrow(/twice/);
    expect(() => classifyDocument(INVOICE, [{ name: ' ' }])).toThrow(/name/);
  });

  it('always answers one of the given names, even with a single category', () => {
    const r = classifyDocument(RECEIPT, [{ name: 'Receipt' }]);
    expect(r.classification).toBe('Receipt');
    expect(r.scores).toEqual({ Receipt: 1 });
  });
});

describe('document kinds by what their words do, not only which words they are', () => {
  // Lines of running prose as a page of a book or paper sets them (long lines, no labels).
  const prose = (sentences: string[], words = 450) => {
    const out: string[] = [];
    let n = 0;
    for (let i = 0; n < words; i++) {
      const line = sentences[i % sentences.length]!;
      out.push(line);
      n += line.split(/\s+/).length;
    }
    return out.join('\n');
  };

  it('takes a nut "seated" on a plate for no seat on a ticket', () => {
    const page = prose([
      'The castle nut is seated against the washer before the cotter pin is fitted,',
      'and a nut that is not fully seated may loosen under vibration in service.',
      'Tighten the nut until it is seated, then back it off to the nearest slot.',
      'This handbook gives the torque values for each size of bolt and nut used.',
    ]);
    const r = classifyDocument(page, [{ name: 'ticket' }, { name: 'manual' }, { name: 'letter' }]);
    expect(r.classification).toBe('manual');
    const ticket = scoreDocTypes('BOARDING PASS\nFlight BA 117  Gate 22\nSeat 14C  Boarding 10:40').find(
      (t) => t.type.id === 'ticket',
    );
    expect(ticket?.found.map((f) => f.phrase)).toContain('seat number');
  });

  it('reads OCR’s l and 0 for capitals, a licence’s date of issue, a café’s refill, a rail ticket, a news site’s links and a CV’s posts', () => {
    const offered = HELD_OUT.map((name) => ({ name }));
    const kind = (text: string) => classifyDocument(text, offered).classification;
    // "DRlVING LlCENCE" and a "DOI :" that is the date of issue, not a paper's identifier.
    expect(
      kind(
        [
          'REPUBLIC DRlVING LlCENCE',
          'Issued by Governrnent of Goa',
          'DL No. GA07 20150034211',
          'DOI : 03-05-2015   Valid Till : 02-05-2035',
          'Name : ANIKET DESHPANDE',
          'DOB : 11-09-1988',
          'COV      DOI',
          'MCWG     03-05-2015',
          'LMV      03-05-2015',
        ].join('\n'),
      ),
    ).toBe('driver license');
    expect(
      kind(
        [
          'HARBOUR ROAST',
          '14 Quay St, Hobart TAS 7000',
          '1 Flat White        4.80',
          '1 Filter Coffee     4.00',
          '  + Refill          0.00',
          'Subtotal            8.80',
          'Total               8.80',
          'APPROVED',
        ].join('\n'),
      ),
    ).toBe('receipt');
    expect(
      kind(
        [
          'STD   ADULT',
          'OFF-PEAK DAY RTN',
          '0UTWARD',
          'FROM            VALID UNTIL',
          'MARLOW          04.JUN.25',
          'ROUTE           ANY PERMITTED',
          'Valid on date shown only. Not transferable.',
        ].join('\n'),
      ),
    ).toBe('ticket');
    expect(
      kind(
        [
          'De Stadskrant',
          'Nieuwe sporthal opent na jaren van vertraging',
          'Door Pieter van Dam-Vos',
          'De gemeente opende gisteren de nieuwe sporthal aan de Parkweg. De bouw liep twee jaar uit.',
          'Volgens de wethouder is de hal vanaf maandag voor iedereen open.',
          'Lees ook:',
          'Raad kiest nieuwe burgemeester',
        ].join('\n'),
      ),
    ).toBe('news article');
    expect(
      kind(
        [
          'JANINE OKAFOR',
          'Logistics Coordinator | Bristol | janine@okafor.me',
          'PROFILE',
          'Freight planner with seven years in road haulage and contract logistics.',
          'KEY SKILLS',
          'Contract negotiation | Invoice checking | Purchase orders | Report writing',
          'EXPERIENCE',
          'Transport Planner - Severnside Freight Ltd | Mar 2019 - Present',
          '- Renegotiated two haulage contracts and cut invoice queries by a third',
          'Warehouse Administrator - Avon Stores | Jan 2016 - Feb 2019',
          '- Matched purchase orders to supplier invoices and wrote the weekly stock report',
          'EDUCATION',
          'BA Geography, University of Exeter, 2015',
        ].join('\n'),
      ),
    ).toBe('resume');
    // A study's period, closed up, is no post held.
    expect(
      scoreDocTypes('Field trials were run in 2015-2017 at three sites.')
        .find((t) => t.type.id === 'resume')
        ?.found.map((f) => f.phrase) ?? [],
    ).not.toContain('the spans of posts held');
  });

  it('knows an Indonesian discharge summary, a Dutch certificate of attendance and a MyKad', () => {
    const offered = HELD_OUT.map((name) => ({ name }));
    expect(
      classifyDocument(
        ['RSU KASIH IBU', 'RESUME MEDIS', 'Nama Pasien : Tn. Hendra', 'Diagnosa Utama : Demam berdarah'].join(
          '\n',
        ),
        offered,
      ).classification,
    ).toBe('medical record');
    expect(
      classifyDocument(
        [
          'BEWIJS VAN DEELNAME',
          'Hierbij verklaren wij dat',
          'Anouk de Graaf',
          'heeft deelgenomen aan de cursus BHV',
        ].join('\n'),
        offered,
      ).classification,
    ).toBe('certificate');
    expect(
      classifyDocument(
        [
          'KAD PENGENAIAN',
          'MALAYSIA',
          'Mykad',
          '880214-14-5521',
          'LIM WEI JIE',
          'NO 8 JALAN MELUR 2',
          '56000 KUALA LUMPUR',
        ].join('\n'),
        offered,
      ).classification,
    ).toBe('ID card');
  });

  it('reads a page of sentences about forms as no form, and a page of labels and blanks as one', () => {
    const page = prose([
      'Every expression of the language has a normal form, and two forms are equal',
      'when their normal forms are; the form of a definition is fixed by its functions.',
      'A functional form combines existing functions into new ones without variables,',
      'so the forms of the algebra are closed under composition and construction.',
    ]);
    const form = (text: string) => scoreDocTypes(text).find((t) => t.type.id === 'form')!;
    // The word counts for little in sentences...
    expect(form(page).raw).toBeLessThan(0.5 * form(page).found[0]!.contribution);
    // ... and in full on a page of labels and blanks.
    const blank = form('APPLICATION FORM\nName: ________\nDate of birth: ________\nSignature: ________');
    expect(blank.raw).toBeGreaterThan(4);
  });

  it('knows a page out of a paper by its authors’ "we", without abstract or references', () => {
    const page = prose([
      'We shall give one more example of a combining operator for these functions.',
      'We define the meaning of a sequence by the effect of its first element on the rest,',
      'and we show that the definition holds for every object of the domain considered.',
      'In evaluating the last expression, the meaning function produces each application.',
    ]);
    const r = classifyDocument(page, [{ name: 'scientific paper' }, { name: 'manual' }, { name: 'form' }]);
    expect(r.classification).toBe('scientific paper');
  });

  it('takes election returns, counts per precinct and contest, for a report', () => {
    const returns = [
      'PRECINCT BULLETINS  GENERAL ELECTION  PAGE 1',
      'PRECINCT 0070012B  HILLCREST',
      '412 BALLOTS CAST   1380 REGISTERED VOTERS',
      'GOVERNOR            JUDGE-SUPERIOR COURT #12   STATE MEASURE 3',
      'MARY OKAFOR  DEM 201   YES 188                  YES 140',
      'PAUL DRAKE   REP 190   NO  160                  NO  221',
      'ATTORNEY GENERAL    ASSESSOR                   COUNTY MEASURE B',
      'LINA MORETTI DEM 230   ROY HAAS 177             YES 205',
      'SAM PIERCE   REP 151   NO  142                  NO  160',
    ].join('\n');
    const r = classifyDocument(returns, [
      { name: 'report' },
      { name: 'newspaper' },
      { name: 'court document' },
    ]);
    expect(r.classification).toBe('report');
  });

  it('knows a wire story, a German payslip and tax statement, an adjustment note, a statement of attainment, what a card says it is not, a TD1 zone OCR misread, Spanish and Dutch documents', () => {
    const all = [
      'receipt',
      'invoice',
      'ID card',
      'driver license',
      'business card',
      'report',
      'quote',
      'insurance policy',
      'utility bill',
      'contract',
      'payslip',
      'tax form',
      'credit note',
      'certificate',
      'resume',
      'news article',
      'form',
      'letter',
      'court document',
    ].map((name) => ({ name, description: name }));
    const cases: [string, string][] = [
      [
        'Rubber prices slip on weak demand\nBy Lee Wen\nKUALA LUMPUR, March 3 (Reuters) - Malaysian rubber futures fell on Monday as buyers held back, traders said.\nA survey of dealers showed stocks rising.\n(Reporting by Lee Wen; Editing by Ana Cruz)',
        'news article',
      ],
      [
        'Hochwasser an der Ilz\nPassau (dpa) - Nach tagelangem Regen ist der Pegel gestiegen, wie ein Sprecher der Stadt mitteilte.',
        'news article',
      ],
      [
        'Verdienstabrechnung März 2024\nSteuerklasse: I\nGesamtbrutto 3.900,00\nLohnsteuer 512,00\nRentenversicherung 362,70\nNettoverdienst 2.610,15\nAuszahlungsbetrag 2.610,15',
        'payslip',
      ],
      [
        'Ausdruck der elektronischen Lohnsteuerbescheinigung für 2023\nSteuerklasse/Faktor: 1\n3. Bruttoarbeitslohn 52.380,00\n4. Einbehaltene Lohnsteuer von 3. 8.941,00\n23. Arbeitnehmeranteil zur Rentenversicherung 4.871,34\nFinanzamt Düsseldorf-Mitte',
        'tax form',
      ],
      [
        'Coast Supplies Pty Ltd  ABN 52 604 118 337\nADJUSTMENT NOTE\nRelates to tax invoice 10048812\nPricing error  6  $40.00  $240.00\nTotal adjustment (ex GST) $240.00\nGST adjustment $24.00',
        'credit note',
      ],
      [
        'SafeStart Training\nStatement of Attainment\nThis is a statement that\nBen Lowe\nhas attained the following units of competency:\nHLTAID011 Provide First Aid',
        'certificate',
      ],
      [
        'OREGON\nIDENTIFICATION CARD\nNOT A DRIVER LICENSE\nID NO 9187342\nDOB 05/30/1961\nLN FITZGERALD\nFN MARGARET',
        'ID card',
      ],
      [
        'Anschrift / ADDRESS\n53113 BONN\nGröße / HEIGHT 172 cm\nBehörde / AUTHORITY Stadt Bonn\n|DD<<L01X00T478<<<<<<<<<<<<<<<\n8802217<3108087D<<<<<<<<<<<<<4\nMUELLER<<JONAS<PETER<<<<<<<<<<',
        'ID card',
      ],
      [
        'PREVENTIVO N. 45/2024\nRifacimento bagno\nImponibile 4.200,00\nIVA 10% 420,00\nTotale 4.620,00\nValidità dell offerta: 30 giorni\nPer accettazione',
        'quote',
      ],
      [
        'RZECZPOSPOLITA POLSKA\nPRAWO JAZDY\n1. KOWALSKI\n2. ANNA\n3. 12.03.1985 WARSZAWA\n4a. 01.06.2015\n9. B',
        'driver license',
      ],
      [
        'RECIBO DE VENCIMENTO\nVencimento base 1.250,00\nSegurança Social 137,50\nIRS 98,00\nLíquido a receber 1.014,50\nDeclaro ter recebido',
        'payslip',
      ],
      [
        'Motor Claim Form\nPolicy number: MTR-8812\nPolicyholder: ____________\nDate of incident: ___/___/____\n[ ] Collision  [ ] Theft\nPlease complete all sections',
        'form',
      ],
      [
        'Government of India\nRohit Kulkarni\nDOB: 15/08/1990\nMALE\n4821 7736 0914\nVID : 9134 2278 4410 5561',
        'ID card',
      ],
      [
        'R&D DIVISION - FY 1992 EXPENSE SUMMARY\n          ACTUAL  BUDGET  VARIANCE\nSalaries  4,218  4,305  87\nTravel  118  140  22\nTOTAL  8,629  8,632  3\nOver budget due to outside services.',
        'report',
      ],
      [
        'Zwolle schrapt gratis parkeren\ndoor onze verslaggever\nZWOLLE - Het gratis parkeren in de binnenstad verdwijnt, zegt de wethouder. Dat staat in de begroting.',
        'news article',
      ],
      [
        'GSTIN 29ABCDE1234F1Z5\nCRED1T N0TE\nCredit Note No: CN/118\nAgainst Invoice No: INV/2231\nAmount credited 1,180.00',
        'credit note',
      ],
      [
        'BAR EL RINCÓN\nFACTURA SIMPLIFICADA\nN. 0041233\n2 Cañas 4,00\n1 Tortilla 6,50\nTOTAL 10,50\nIVA incluido',
        'receipt',
      ],
      [
        'Factura de electricidad\nCUPS ES0021000012345678AB\nPotencia contratada 4,6 kW\nConsumo 312 kWh\nTotal a pagar 78,12 €',
        'utility bill',
      ],
      [
        'HUUROVEREENKOMST WOONRUIMTE\nDe ondergetekenden: verhuurder en huurder\nArtikel 1 Het gehuurde\nArtikel 2 Huurprijs € 1.150 per maand',
        'contract',
      ],
      // Nordic, Turkish, Czech and Dutch names of their own types; an aged-debt report of invoices.
      [
        'SVERIGE\nKÖRKORT\n1. ANDERSSON\n2. ERIK JOHAN\n3. 1985-04-12\n4a. 2019-06-01\n9. AM B',
        'driver license',
      ],
      [
        'T.C.\nİSTANBUL 3. ASLİYE TİCARET MAHKEMESİ\nGEREKÇELİ KARAR\nDAVACI: Yıldız Lojistik A.Ş.\nDAVALI: Kaya Gıda Ltd. Şti.',
        'court document',
      ],
      [
        'Vyúčtování elektřiny\nOdběrné místo: Praha 4\nSpotřeba 2 140 kWh\nCelkem k úhradě 1 240 Kč',
        'utility bill',
      ],
      [
        'POLISBLAD Inboedelverzekering\nVerzekerde: J. de Vries\nEigen risico € 250\nPremie per maand € 12,40',
        'insurance policy',
      ],
      [
        'A/R Aging Detail   As of 03/31/2024\nCustomer / Invoice  Date  Due Date  Current  1-30  31-60\nINV-2236  02/12/24  03/13/24  4,210.00\nINV-2249  03/18/24  04/17/24  6,880.00',
        'report',
      ],
    ];
    for (const [text, want] of cases) expect(classifyDocument(text, all).classification, text).toBe(want);
  });

  it('reads what documents of other countries and mail clients print: Form 16, an Aadhaar card, a PO citing its quotation, a Gmail printout, a post-mortem', () => {
    const all = [
      'receipt',
      'invoice',
      'passport',
      'id card',
      'driver license',
      'form',
      'tax form',
      'certificate',
      'purchase order',
      'quote',
      'email',
      'report',
      'letter',
      'memo',
    ].map((name) => ({ name, description: name }));
    const cases: [string, string][] = [
      [
        'FORM NO. 16\nPART A\nCertificate under Section 203 of the Income-tax Act, 1961 for tax deducted at source on salary\nCertificate No. XKQ12 Assessment Year 2021-22\nName and address of the Employer  PAN of the Deductor  TAN',
        'tax form',
      ],
      [
        'GOVERNMENT OF INDIA\nSuresh Patel\nDOB: 25/04/1993\nMALE\n4534 5517 5492\nAadhaar - Aam Aadmi ka Adhikar',
        'id card',
      ],
      [
        'Summit Private Limited\nPURCHASE ORDER\nP.O. No.: FVK/PO/7716   P.O. Date: 12-02-2023\nQuotation Ref: VH-239 dt. 05-02-2023\nWith reference to your above quotation, please supply the following.\nItem  Qty  Rate  Amount\nSteel pipes 40 120.00 4,800.00\nAuthorised signatory',
        'purchase order',
      ],
      [
        '17 March 2024  Gmail - Fwd: Invoice INV-42374 from Harbour Inc.\nBrianna Anderson <brianna@falcon.com>\n1 message\nBrianna Anderson <brianna.anderson@example.com>  March 17, 2024\nTo: Accounts Payable <ap@example.com>\nHi team, forwarding the invoice below.\n---------- Forwarded message ---------\nInvoice INV-42374  Amount due 1,240.00',
        'email',
      ],
      [
        'Post-Incident Review: Payment processing delays\nSeverity SEV-2  Status Resolved\nSummary\nAn expired TLS certificate on the gateway made 5% of requests fail.\nTimeline\n10:58 alerts fired\nRoot cause\nThe certificate was not renewed.\nAction items\nAutomate certificate renewal.',
        'report',
      ],
      [
        'INFOSYNC TECHNOLOGIES PVT. LTD.\nDate: 15th March 2024\nEXPERIENCE LETTER\nTO WHOMSOEVER IT MAY CONCERN\nThis is to certify that Mr. Rahul Venkatesh was employed with us as a Senior Software Engineer from 01st July 2019 to 29th February 2024.\nWe wish him all the best in his future endeavours.\nManager - Human Resources',
        'letter',
      ],
      [
        'EXPERIENCE CERTIFICATE\nThis is to certify that Ms. Anita Rao worked with Orbit Labs as an analyst from 2019 to 2023.',
        'certificate',
      ],
    ];
    for (const [text, want] of cases)
      expect(classifyDocument(text, all).classification, text.slice(0, 40)).toBe(want);
  });

  it('reads letter-spaced headings, totals owed back, price boards, message headers and more countries’ forms', () => {
    const all = [
      'receipt',
      'invoice',
      'menu',
      'credit note',
      'email',
      'payslip',
      'tax form',
      'ID card',
      'driver license',
      'form',
      'quote',
      'letter',
      'shipping document',
    ].map((name) => ({ name, description: name }));
    const cases: [string, string][] = [
      [
        'HILLTOP CATERING SUPPLY\n                 C R E D I T   M E M O\nNo. CM-2291   Date 03/14/22\nRef invoice 77120\nQTY ITEM AMOUNT\n2 TRAYS 12.00 24.00-\nT0TAL CREDIT 24.00-',
        'credit note',
      ],
      [
        'Meubles Garnier SARL\nAVOIR N° A-118\nFacture FA-2291 du 02/03\nFacture FA-2291 : retour d’une chaise\nDésignation Qté Montant\nChaise 1 -89,00\nTotal TTC -89,00 €',
        'credit note',
      ],
      [
        'KEDAI KOPI SRI ANGGERIK\nNASI AYAM           RM 6.50\nNASI LEMAK          RM 4.00\nMEE REBUS           RM 5.50\nLAKSA               RM 7.00\nTEH TARIK           2.20\nKOPI O              1.80\nLIMAU AIS           2.50',
        'menu',
      ],
      [
        'KEDAI KOPI SRI ANGGERIK\nNASI AYAM           6.50\nNASI LEMAK          4.00\nMEE REBUS           5.50\nLAKSA               7.00\nTEH TARIK           2.20\nTOTAL              25.20\nCASH               30.00\nCHANGE              4.80',
        'receipt',
      ],
      [
        'Tan Wei\nFrom: Billing <billing@harbourline.example>\nSent: Monday, 4 March 2024 10:02\nTo: Tan Wei <tan.wei@example.com>\nSubject: Invoice HL-2201 overdue\n\nDear Mr Tan,\nInvoice no. HL-2201, invoice date 01/02/2024, due date 15/02/2024, amount 812.00, remains unpaid.\nPlease arrange payment of the invoice.',
        'email',
      ],
      [
        'EMPRESA: CONSTRUCCIONES DEL NORTE, S.L.\nRECIBO INDIVIDUAL JUSTIFICATIVO DEL PAGO DE SALARIOS\nTRABAJADOR: PEREZ, ANA\nI. DEVENGOS\nSalario base 1.250,00\nA. TOTAL DEVENGADO 1.410,00\nLIQUIDO TOTAL A PERCIBIR 1.201,33',
        'payslip',
      ],
      [
        'MALAYSIA\nCUKAI PENDAPATAN\nEA\nPENYATA SARAAN DARIPADA PENGGAJIAN\nBAGI TAHUN BERAKHIR 31 DISEMBER 2022\nNama Penuh Pekerja  AHMAD BIN ALI\nGaji kasar 42,000.00',
        'tax form',
      ],
      [
        'OHIO\nIDENTIFICATION CARD\nNOT VALID FOR DRIVING\n4d ID: TR118420\n3 DOB 01/02/1970\n15 SEX M 16 HGT 5-10 18 EYES BLU\nORGAN DONOR',
        'ID card',
      ],
      [
        'Form 7 (See Rule 16(2))\nIndian Union Driving Licence\nDL No MH14 20190011234\nName : RAVI KUMAR\nCOV MCWG LMV\nSignature of Holder',
        'driver license',
      ],
      [
        'WESTERN DAILY POST   3 JUN 1998   ~ PRESS CUTTINGS ~\nMILL OWNER WINS APPEAL\nBy Tom Hartley\nA court yesterday overturned the fine imposed on a mill owner. The judge said the council had acted too soon.\nThe owner said he was relieved. The council said it would study the judgment.',
        'news article',
      ],
    ];
    for (const [text, want] of cases)
      expect(
        classifyDocument(text, [
          ...all,
          { name: 'news article', description: 'news article' },
          { name: 'court document', description: 'court document' },
        ]).classification,
        text.slice(0, 40),
      ).toBe(want);
  });

  it('takes what a document is over what it talks about: insurance certificates, pro formas, minutes, printouts, papers, news, circulars', () => {
    const all = [
      'receipt',
      'invoice',
      'payslip',
      'email',
      'memo',
      'report',
      'quote',
      'certificate',
      'insurance policy',
      'scientific paper',
      'news article',
      'tax form',
      'form',
      'contract',
      'ID card',
      'driver license',
      'shipping document',
    ].map((name) => ({ name, description: name }));
    const cases: [string, string][] = [
      [
        'CERTIFICATE OF MOTOR INSURANCE\nCertificate number: 88120\n1. Registration mark of vehicle: 191-D-4471\n2. Name of policyholder: Sean Byrne\n3. Effective date of the commencement of insurance: 01/03/2025\nWe hereby certify that the policy to which this certificate relates is issued in accordance with the law.',
        'insurance policy',
      ],
      [
        'PROFORMA INVOICE\nNo. PF-2025-118   Date: 03/02/2025\nTo: Acacia Traders Ltd\nItem Qty Unit price Amount\nLaptop 14" 5 85,000.00 425,000.00\nTotal KES 425,000.00\nValid until 03/03/2025. 50% deposit with LPO.',
        'quote',
      ],
      [
        'GREENVALE ORCHARDS LTD\nMinutes of the board meeting held on 4 March 2025\nPresent: J. Walker (Chair), A. Ngata, S. Patel\nApologies: R. Lee\n1. The minutes of the previous meeting were approved.\n2. Packhouse contract: the board approved the agreement with the contractor.\nMeeting closed 4.10 pm.',
        'report',
      ],
      [
        '3/15/25, 6:02 PM   Gmail - Your payslip for March is now available\nGmail   Ana Reyes <ana.reyes@example.com>\nYour payslip for March is now available\n1 message\nHR Notifications <no-reply@hr.example.com>   Sat, Mar 15, 2025\nTo: ana.reyes@example.com\nHi Ana, your payslip is ready. Gross pay 42,000.00, net pay 35,100.00, pay date 15 March.',
        'email',
      ],
      [
        "Proceedings of the Workshop on Document Intelligence\nLayout-aware classification of scanned invoices and receipts\nAbstract\nWe classify invoices and receipts from phone photos. Invoice layouts vary.\nKeywords: invoice, receipt, OCR\n1 Introduction\nInvoices and receipts are the bulk of small firms' paperwork; an invoice differs from a receipt in its terms.",
        'scientific paper',
      ],
      [
        'THE COASTAL POST\nNATION | Saturday, 15 Mar 2025\nTaxpayers reminded of the deadline for Form BE\nBY SITI AMINAH RAHMAN\nKUALA LUMPUR: The Inland Revenue Board has reminded taxpayers to submit their income tax return, Form BE, by April 30.\nLate filing may attract a penalty, a tax agent said.',
        'news article',
      ],
      [
        'HARBOUR TRADING LIMITED\nSTAFF CIRCULAR No. 04/2025\nDate: 17 March 2025\nDistribution: All staff\nRe: Work arrangements during typhoon signals\nWarehouse staff need not report for duty when Signal No. 8 is issued; delivery orders will be rescheduled.',
        'memo',
      ],
      [
        'REPÚBLICA FEDERATIVA DO BRASIL\nCARTEIRA NACIONAL DE HABILITAÇÃO\nNOME JOÃO CARLOS SILVA\nDOC. IDENTIDADE 12.345.678-9 SSP SP\nCPF 123.456.789-00\nCAT. HAB. AB  VALIDADE 12/05/2029',
        'driver license',
      ],
    ];
    for (const [text, want] of cases)
      expect(classifyDocument(text, all).classification, text.slice(0, 40)).toBe(want);
  });

  it('reads "minutes" as a duration in a story, not as minutes of a meeting', () => {
    const story =
      'Walking 30 minutes a day cuts the risk of heart disease, a study published on Monday found.\nBy Jane Porter\nResearchers followed 12,000 adults for ten years. Those who walked at least 30 minutes a day had fewer heart attacks, the lead author said.';
    const r = classifyDocument(story, [
      { name: 'news article', description: 'news article' },
      { name: 'report', description: 'report' },
    ]);
    expect(r.classification).toBe('news article');
  });
});

/** A test for each text: classified among `names` (each its own description) as its own type. */
function classifiesEach(names: string[], cases: [string, string][]) {
  const categories = names.map((name) => ({ name, description: name }));
  for (const [text, want] of cases)
    it(`${want}: ${text.slice(0, 30).replace(/\n/g, ' ')}`, () => {
      expect(classifyDocument(text, categories).classification).toBe(want);
    });
}

describe('documents of a pile written by an eighth author (set H)', () => {
  const all = [
    'ID card',
    'business card',
    'credit note',
    'driver license',
    'form',
    'invoice',
    'letter',
    'contract',
    'news article',
    'court document',
    'receipt',
    'scientific paper',
    'shipping document',
    'tax form',
    'utility bill',
  ];
  const cases: [string, string][] = [
    [
      'SUMINISTROS MARINA, S.L.\nFACTURA RECTIFICATIVA\nNº factura rectificativa: R-2024-0037\nFactura rectificada: F-2024-1182 de fecha 05/03/2024\nMotivo de la rectificación: devolución parcial\nCopa vino 35 cl caja 24 uds   -2   38,40   -76,80\nBase imponible   -148,76\nIVA 21%   -31,24\nTOTAL FACTURA RECTIFICATIVA   -180,00 €\nForma de pago: compensación en próxima factura',
      'credit note',
    ],
    [
      "ÉNERGIE VERTE DU RHÔNE\nVotre facture d'électricité          Facture n° 1044 1882 7719\nDate de facture : 08/05/2024\nPoint de livraison (PDL) : 1418 8827 4410 92\nPériode de consommation : du 05/03/2024 au 04/05/2024\nIndex relevé le 04/05/2024 : 28 441 kWh   Index précédent : 27 792 kWh\nAbonnement   30,84 €\nConsommation 649 kWh   126,68 €\nTotal HT   175,46 €\nMontant TTC à payer   210,55 €",
      'utility bill',
    ],
    [
      'Agencia Tributaria\nImpuesto sobre el Valor Añadido\nAutoliquidación        Modelo 303\nEjercicio 2024     Período 2T\nIVA devengado  [01] 21.418,60     [02] 4,00   [03] 856,74\n  [04] 12.002,15     [05] 10,00  [06] 1.200,22\nTotal cuota devengada   [27] 33.301,10\nTotal a deducir   [45] 26.258,27\nResultado   [71] 7.042,83',
      'tax form',
    ],
    [
      'PRAWO JAZOY     RZECZPOSPOLITA POLSKA\n1. KOWALCZYK\n2. MAGDALENA ANNA\n3. 21.07.1993  TARNOW\n4a. 05.05.2019      4c. STAROSTA TARNOWSKI\n4b. O5.05.2034\n4d. 93072108244\n5. 01842/19/1207\n9. AM/B1/B',
      'driver license',
    ],
    [
      'HARBOURVIEW FREIGHT (HK) LTD\nKelvin Chan\nAssistant Manager, Ocean Export\n88 Tung Lok Street, Kwai Chung, Hong Kong\nT: (852) 2418 8273    F: (852) 2418 8270\nM: (852) 9441 2207\nE: kelvin.chan@harbourviewfreight.com.hk\nwww.harbourviewfreight.com.hk\nFCL / LCL . Air Freight . Customs Brokerage',
      'business card',
    ],
    [
      'Jornal do Vale | Sociedade\nTribunal condena ex-gerente de cooperativa a pena suspensa\nPor Inês Carvalhal\n22 de fevereiro de 2024, 18:34\nO Tribunal Judicial da Comarca condenou esta quinta-feira o antigo gerente da cooperativa a quatro anos de prisão.\nSegundo o acórdão, o arguido desviou 212 mil euros.\nLEIA TAMBÉM\nCooperativa aprova plano de recuperação',
      'news article',
    ],
    [
      'EL HERALDO DEL CAMPO        MARTES, 9 DE ABRIL DE 2024        REGION | 7\nEl recibo del agua subira un       la tasa de depuracion, que hasta\n12% en Almodovar a partir de julio  ahora se cobraba aparte.\nEl pleno del Ayuntamiento aprobo   la nueva ordenanza fiscal, que\nsupondra un incremento del 12%     en la factura de los hogares.\nM. J. SERRANO                      (Pasa a la pagina 8)',
      'news article',
    ],
    [
      'KHUMALO & VENTER\nCHARTERED ACCOUNTANTS\n14 February 2024\nDear Ms Mokoena\nLETTER OF ENGAGEMENT - ANNUAL FINANCIAL STATEMENTS AND TAX SERVICES\n1. The purpose of this letter is to set out the basis on which we will act.\n2. Scope: preparation of the company income tax return and monthly VAT returns.\n3. Fees: our fee is R 38 500,00 (excl. VAT) per annum, invoiced in monthly instalments.\n4. This letter, together with our Standard Terms of Business, constitutes the entire agreement between the parties.\nPlease sign and return a copy of this letter to confirm your acceptance.\nYours faithfully\nSigned for and on behalf of Mokoena Interiors (Pty) Ltd:',
      'contract',
    ],
  ];
  classifiesEach(all, cases);
});

describe('documents of a pile written by a ninth author (set I)', () => {
  const all = [
    'ID card',
    'business card',
    'contract',
    'driver license',
    'letter',
    'medical record',
    'quote',
    'insurance policy',
    'invoice',
    'ticket',
    'utility bill',
  ];
  const cases: [string, string][] = [
    [
      'MINNESOTA\nIDENTIFICATION CARD\nNOT A DRIVER LICENSE          *\nUSA\n4d ID  K402-718-559-331\n3 DOB 07/22/1979\n4b EXP O7/22/2028\n1 BRANDVOLD\n2 THERESA ANN\n8 4417 LINDEN HOLLOW RD\n15 SEX F    16 HGT 5\'-06"   18 EYES BLU\n19 HAIR BRO   17 WGT 142 Ib\n4a ISS 06/30/2024',
      'ID card',
    ],
    [
      '<)) CEDARLINE\nDANIEL OKAFOR-BRUNET\nSenior Estimator\nT 604.555.0187   daniel@cedarlinemech.ca\nCEDARLINE MECHANICAL LTD.\nHVAC  .  Plumbing  .  Sheet Metal\nUnit 6 - 2280 Fraserview Way, Burnaby BC V5J 0K4\ncedarlinemech.ca\nBC Gas Contractor Lic. LGA0041762',
      'business card',
    ],
    [
      "Brightwater Analytics, Inc.\n410 Harlow Street, Suite 300, Madison, WI 53703\nMarch 3, 2025\nPERSONAL AND CONFIDENTIAL\nMs. Priya Venkataraman\n2217 Ridgeview Court\nMiddleton, WI 53562\nRe: Offer of Employment - Data Engineer II\nDear Priya,\nOn behalf of Brightwater Analytics, Inc. (the \"Company\"), I am pleased to offer you employment on the following terms:\n1. Position and Start Date. You will be employed as Data Engineer II, reporting to the Director of Data Platform, beginning on or before April 7, 2025. This is a full-time, exempt position.\n2. Compensation. You will be paid a base salary at the annual rate of $118,500, payable bi-weekly in accordance with the Company's standard payroll practices and subject to applicable withholdings. You will be eligible for an annual performance bonus with a target of 8% of base salary.\n3. Benefits. You will be eligible to participate in the Company's benefit plans, including medical, dental and the 401(k) plan, subject to the terms of those plans.\n4. At-Will Employment. Your employment is at-will, meaning that either you or the Company may terminate it at any time, with or without cause or notice.\n5. Conditions. This offer is contingent on satisfactory completion of a background check, proof of authorization to work in the United States, and your execution of the Company's Confidential Information and Invention Assignment Agreement.\n6. Entire Agreement. This letter, together with the agreement referred to in Section 5, constitutes the entire agreement between you and the Company regarding its subject matter and supersedes any prior representations.\nPlease indicate your acceptance by signing below and returning this letter no later than March 10, 2025.\nSincerely,\nGwendolyn Harte\nChief People Officer\nACCEPTED AND AGREED:\n______________________________ Date: ______________\nPriya Venkataraman\nBrightwater Analytics, Inc. | Confidential Page 1 of 2",
      'contract',
    ],
    [
      'Westmoor Valley Hospitals\nOutpatient Appointments Centre\nMrs Beryl Ackroyd\n19 Moorcroft Lane\nHolmfirth\nDate: 12 March 2025\nHospital No: WV0448172\nDear Mrs Ackroyd\nYour appointment has been booked as follows:\nClinic: Rheumatology - New Patient\nConsultant: Dr S. Ramaswamy\nTime: 10:40 am (please arrive 15 minutes early)\nIf you cannot attend, please call us. Patients who do not attend may be discharged back to their GP.\nYours sincerely\nAppointments Team',
      'letter',
    ],
    [
      'MOTHEO PANEL & PAINT (PTY) LTD\n        REPAIR QUOTATION   No. 0Q-25-0311\nDate: 18/03/2025       Valid: 14 days\nInsurer: Khanya Mutual Insurance   Claim No: KMI-CL-2291804\nFront bumper cover           1    R 3 480,00\nLabour      R/R & repair       R 4 560,00\n                     TOTAL                    R 27 485,00\nQuote subject to stripping.',
      'quote',
    ],
    [
      'DOPRAVNÍ PODNIK MĚSTA LIPNICE a.s.\nJÍZDENKA   PŘESTUPNÍ\nPLNOCENNÁ          40 Kč\nPlatnost 90 minut od označení\nPásma: 100, 101\nJízdenku označte ihned po nástupu do vozidla.',
      'ticket',
    ],
    [
      'AGUAS DEL BAJO SEGURA, S.A.\nFACTURA N.: 2025-0B-0441827      Fecha emision: 08/04/2025\nDireccion de suministro: C/ JACARANDA 22, 2 B, 03300 ORIHUELA\nPeriodo de facturacion: 01/01/2025 - 31/03/2025\nContador n. 18HA447102\nCuota de servicio abastecimiento       12,65\nCuota servicio alcantarillado          6,33\nCanon de saneamiento (Generalitat)     11,21\nTOTAL FACTURA                          67,88 EUR',
      'utility bill',
    ],
  ];
  classifiesEach(all, cases);
});

describe('first pages as a phone photo reads them', () => {
  const all = [
    'memo',
    'invoice',
    'purchase order',
    'driver license',
    'business card',
    'passport',
    'ID card',
  ].map((name) => ({ name, description: name }));
  it('takes a memo’s subject, wrapped onto the next line, for no heading; and a mark before "To:" for nothing', () => {
    const memo =
      'INTERNAL COMMUNICATION - FOR INTERNAL USE ONLY\nSinar Petaling Manufacturing Sdn Bhd\n\n"To: Finance & Procurement Team; Warehouse\n\nFrom: Lim Wei Sheng, Financial Controller\n\nDate: 24 June 2024\n\nSubject: Month-end close June 2024 - cut-off for\npurchase invoices and goods received\n\nColleagues,\nSupplier invoices must be matched to an approved purchase order before posting.\nInvoices without a valid PO number will be returned to the supplier.\nAccruals for services received but not yet invoiced should be sent by 2 July.\nRegards,\nLim Wei Sheng';
    expect(classifyDocument(memo, all, { pageCount: 1, ocr: true }).classification).toBe('memo');
  });

  it('reads the EU licence fields with the space after the number lost', () => {
    const licence =
      'PRAWOJAZOYRZECZPOSPOLITAPOLSKA\nPL ~:.\n1.KOWALCZYK\n2.MAGDALENA ANNA\n3.21.07.1993 TARNOW\n4a.05.05.20194C.STAROSTATARNOWSKI\n4b.05.05.2034\n4d.93072108244\n5.01842/19/1207\n9.AM/B1/B';
    expect(classifyDocument(licence, all, { pageCount: 1, ocr: true }).classification).toBe('driver license');
  });
});

describe('bank statements by their names in Indonesian and Malay', () => {
  it('reads a "Rekening Koran" with its movements as a bank statement, words glued or not', () => {
    const text =
      'BANK NUSA PERTIWI\nREKENING KORAN\nNO.REKENING :0871-2294-61\nPERIODE:SEPTEMBER2024\nCatatan: apabila nasabah tidak melakukan sanggahan terhadap Laporan Mutasi Rekening ini\nTANGGALKETERANGAN CBG MUTASI\n01/09 SALDO AWAL\n48.217.350.00\n02/09 TRSF E-BANKING CR 12.500.000.00 CR\n60.717.350.00\n03/09 TARIKAN ATM 2.000.000.00 DB\n58.717.350.00';
    const all = ['bank statement', 'receipt', 'invoice'].map((name) => ({ name, description: name }));
    expect(classifyDocument(text, all, { pageCount: 1, ocr: true }).classification).toBe('bank statement');
  });
});

describe('documents of a pile written by a tenth author (set J): columns read across, other languages', () => {
  const all = [
    'ID card',
    'bank statement',
    'business card',
    'certificate',
    'contract',
    'court document',
    'credit note',
    'driver license',
    'email',
    'form',
    'insurance policy',
    'invoice',
    'letter',
    'medical record',
    'memo',
    'menu',
    'news article',
    'passport',
    'payslip',
    'purchase order',
    'quote',
    'receipt',
    'report',
    'resume',
    'scientific paper',
    'shipping document',
    'tax form',
    'ticket',
    'utility bill',
  ];
  classifiesEach(all, [
    [
      'NORRSKEN VÅRD & OMSORG AB                         LÖNESPECIFIKATION\nOrg.nr 556918-4471                                Utbetalningsdag 2024-04-25\n                                                  Löneperiod 2024-04-01 - 2024-04-30\nEbba Lindqvist\nTallbacksvägen 12 B                               Anst.nr 2231\n903 42 Umeå                                       Befattning Undersköterska\n\nLönearter            Antal   À-pris     Belopp    Skatt\nMånadslön                               29 800,00  Skattetabell 34, kolumn 1\nOB-tillägg kväll     18,50    25,60       473,60  Preliminär skatt        -8 912,00\nOB-tillägg helg      16,00    61,40       982,40\nSjukavdrag dag 2-14   1,00 -1 376,50   -1 376,50  Ackumulerat i år\nKarensavdrag          1,00   -953,25     -953,25  Bruttolön            122 904,50\nFriskvårdsbidrag                          500,00  Skatt                -35 241,00\n                                                  Semesterdagar\nBruttolön                              29 426,25  Betalda: 25  Uttagna: 6  Kvar: 19\nSkattepliktigt                         28 926,25  Sparade: 3\nPreliminärskatt                        -8 912,00\nNettolön                               20 514,25  Utbetalas till: Swedlund Bank 8327-9 ****4410',
      'payslip',
    ],
    [
      'THE NORTHERN COURIER                                   Thursday, March 14, 2024    Edition 18,402   $2.50\nREGION\nPassport office clerks charged in fake-identity ring\nBy Helen Achterberg           document numbers       cumbersome for genuine\nStaff Reporter                belonging to people    applicants," Reyes said.\n                              who had died years     An internal audit found\nTwo clerks at the             earlier, prosecutors   that at least 61 of the\nFairhaven regional            allege.                passports were used to\npassport office were          The ring is alleged    open bank accounts and\ncharged Wednesday with        to have charged        lease vehicles that were\nissuing at least 140          between $3,000 and     later shipped overseas.\ngenuine passports to          $8,000 per passport.   Both clerks were placed\napplicants using stolen       "These were real       on unpaid leave in\nidentities, in what           documents with real    January. A third person,\nfederal prosecutors called    security features,     described as a broker,\none of the largest            which is what made     remains at large.\nschemes of its kind in        the scheme so          The department said\nthe state.                    dangerous," said U.S.  holders of passports\n  According to an             Attorney Daniel Reyes. issued at Fairhaven\nindictment unsealed in        He said the case had   between 2021 and 2023\ndistrict court, the two       prompted a review of   need not take any action\nemployees processed           verification steps     unless contacted.\napplications supported        that could make the    Continued on Page A6\nby birth records and          process "slightly more\nWEATHER A2   OPINION A8   OBITUARIES A11   SPORTS B1',
      'news article',
    ],
    [
      "HALLORAN BRISTOW & KEANE LLP                  \nAttorneys at Law                              \n                                              February 29, 2024\nPARTNERS\nMichael J. Halloran                           Via Email and First-Class Mail\nSusan R. Bristow\nAnthony D. Keane                              Ms. Corinne Vasquez-Hale\nPriya L. Natarajan                            6021 Lakeview Terrace\n                                              Cleveland, OH 44102\nOF COUNSEL\nHarold W. Finch (ret.)                        Re:  Estate of Raymond T. Hale\n                                                   Cuyahoga County Probate Court Case No. 2023 EST 281744\nASSOCIATES\nDaniel K. Oyama                               Dear Ms. Vasquez-Hale:\nRebecca M. Stroud\n                                              Thank you for meeting with me last week. As we discussed,\nCLEVELAND                                     the Court has approved the inventory filed on February 12,\n1300 East Ninth Street                        and the next step is notice to creditors. I enclose for your\nSuite 1750                                    review a draft of the first partial account, which shows\nCleveland, OH 44114                           receipts of $214,380.55 and disbursements of $18,902.10.\n(216) 555-0120\n                                              Please let me know by March 8 whether you have located the\nAKRON                                         title to your father's 2011 pickup truck. We will also need\n220 S. Main Street                            the final statement from his brokerage account.\nSuite 400\nAkron, OH 44308                               Very truly yours,\n(330) 555-0122\n                                              Susan R. Bristow\nwww.hbklaw.com                                Susan R. Bristow\n                                              SRB/dko   Enclosure",
      'letter',
    ],
    [
      'Little Finch Espresso\nShop 3, 118 Glenferrie Road, Malvern VIC 3144\nABN 47 612 558 901\n\nTAX INVOICE\nOrder #A-2287                     Table 6\nDate 14/04/2024 08:52             Served by: Mia\n\n2 x Flat White (oat)                       $12.40\n1 x Long Black                              $4.80\n1 x Smashed Avo on Sourdough               $19.50\n    + poached egg                           $3.50\n1 x Banana Bread (toasted)                  $6.50\n                                     ------------\nSubtotal                                   $46.70\nSurcharge (card 1.1%)                       $0.51\nTOTAL                                      $47.21\nIncludes GST of                             $4.29\n\nEFTPOS  VISA **** 8841             $47.21\nAPPROVED   Auth 402219   RRN 410414882201\n\nThanks for visiting! Rate your visit at littlefinch.com.au/feedback',
      'receipt',
    ],
    [
      'RELATÓRIO DE SUSTENTABILIDADE 2023                                  Grupo Vinhal, S.A.\n2. Desempenho ambiental                           Indicadores-chave 2023\n                                                  Emissões âmbito 1 e 2\nEm 2023, o Grupo Vinhal reduziu as suas           12.480 tCO2e  (-11% vs. 2022)\nemissões diretas e indiretas de âmbito 1 e 2\nem 11% face ao ano anterior, sobretudo graças     Consumo de água\nà entrada em funcionamento da central solar       318.000 m3   (-6%)\nfotovoltaica de autoconsumo na unidade de\nPenafiel (2,4 MWp) e à substituição de            Resíduos valorizados\nempilhadores a gás por equipamentos elétricos.    87%   (meta 2025: 90%)\n\nA eficiência hídrica continuou a ser uma          Energia renovável\nprioridade. A reutilização de águas de            41% do consumo elétrico\nlavagem nas linhas de engarrafamento permitiu\npoupar cerca de 20.000 m3, o equivalente ao       Colaboradores\nconsumo anual de 130 famílias.                    1.146   (48% mulheres)\n\nRelativamente aos resíduos, 87% foram             Horas de formação\nencaminhados para valorização, aproximando-se     22,4 h por colaborador\nda meta de 90% definida para 2025. O vidro\ne o cartão representam 71% do total.\n\nObjetivos para 2024: reduzir em 8% as emissões de âmbito 1 e 2, iniciar o inventário\nde âmbito 3 junto dos principais fornecedores e obter a certificação ISO 14001 em todas\nas unidades fabris.                                                                14',
      'report',
    ],
    [
      'Energy & Water Consumption Report - Financial Year 2023/24\nPrepared for: Ashgrove Primary School (Governing Body, Resources Committee)\nPrepared by: Verdant Energy Consulting Ltd · Report ref. VEC-0471 · 3 May 2024\n\n1. Summary\nTotal energy cost for the year was £41,870, a 9% reduction on 2022/23 despite higher\nunit rates. Electricity consumption fell by 14% following the LED lighting upgrade in\nAugust 2023. Gas consumption rose by 3%, mainly due to the colder January and the\nboiler fault in Block C (see section 4). Water use was unchanged.\n\n2. Consumption by utility\nUtility        Meter / MPAN-MPRN        2022/23         2023/24        Change    Cost 2023/24\nElectricity    16 1200 0447 112         148,300 kWh     127,540 kWh    -14.0%    £27,480\nGas            7741 0382 15             312,900 kWh     322,310 kWh     +3.0%    £11,620\nWater          WTR-55810                2,140 m3        2,155 m3        +0.7%    £2,770\n\n3. Benchmarking\nElectricity use per pupil (412 pupils) is 310 kWh, compared with the national median of\n352 kWh for primary schools. Out-of-hours electricity load (nights and weekends) remains\nhigh at 6.8 kW, suggesting IT equipment and kitchen refrigeration are left running.\n\n4. Recommendations\n4.1 Fit timer controls to the ICT suite and staff room water heater (est. saving £1,150/yr).\n4.2 Repair Block C boiler controls and zone valves before October 2024.\n4.3 Request half-hourly data from the electricity supplier to verify the out-of-hours load.\n4.4 Review the current fixed-price energy contract, which ends 31 March 2025.',
      'report',
    ],
    [
      "    Claim Form                         In the County Court Business Centre\n                                       Fee Account no.\n                                              for court use only\n                                       Claim no.   K0QZ41R7\n                                       Issue date  12 Feb 2024\n   Claimant(s) name(s) and address(es) including postcode\n   Halden Plant Hire Limited\n   Unit 9 Carrbrook Works, Stalybridge SK15 3JQ\n\n   Defendant(s) name and address(es) including postcode\n   Mr Kieran Doy1e t/a Doyle Groundworks\n   47 Moss Lane, Wigan WN5 8RT\n                                                    SEAL\n   Brief details of claim\n   The Claimant claims the sum of £6,418.20 for unpaid hire charges for a\n   1.5t mini excavator and dumper supplied under contract between 04/09/2023\n   and 27/10/2023, together with interest pursuant to s.69 County Courts Act 1984.\n\n   Value\n   The Claimant expects to recover not more than £10,000.\n\n   Defendant's                                     Amount claimed       6,418.20\n   name and                                        Court fee              365.00\n   address for                                     Legal representative's\n   service including                               costs                   80.00\n   postcode                                        Total amount          6,863.20\n   The court office at the County Court Business Centre, St Katharine's H\n   N1 Claim form (CPR Part 7) (06.22)                © Crown Copyright 2",
      'court document',
    ],
    [
      "Meridian Mutual Insurance Company\nHomeowners Property Loss Claim Form\nPlease complete all sections in block capitals and return with photographs and repair estimates.\n\nSECTION A - POLICYHOLDER DETAILS\nPolicy number:        HO-3-0471182-22          Claim reference (office use): ____________\nName of insured:      CHARLES & LINDA ABERNATHY\nProperty address:     77 Birchwood Terrace, Greenfield, WI 53220\nDaytime phone:        (414) 555-0145           Email: labernathy@mailhub.example\n\nSECTION B - DETAILS OF LOSS\nDate of loss:  03/19/2024      Time:  approx. 2:30 AM\nType of loss:  [ ] Fire  [X] Water  [ ] Theft  [ ] Wind/Hail  [ ] Other: __________\nCause / description:\nSupply line to upstairs washing machine burst; water came through the kitchen ceiling\nbelow. Plumber (Lakeshore Plumbing) replaced hose same morning.\n\nWas anyone else's property damaged?    [ ] Yes  [X] No\nWas the loss reported to police/fire?  [ ] Yes  [X] No    Report no.: _____________\n\nSECTION C - DAMAGED PROPERTY\nItem / area                     Age     Original cost     Estimated repair/replacement\nKitchen ceiling drywall         2014    n/a               $2,350.00\nHardwood floor (kitchen)        2014    $4,100.00         $3,780.00\nLaundry hose & valve            2019    $35.00            $35.00\n\nSECTION D - DECLARATION\nI declare that the information given is true and complete to the best of my knowledge.\nSignature: ______________________       Date: ____/____/______",
      'form',
    ],
  ]);
});

describe('a German credit note read from a photo, its heading in the middle of the page', () => {
  it('takes the invoice it settles against, in its own words, for no invoice of its own', () => {
    const text = [
      'Elektro Brandauer GmbH IndustriestraBe 14 - 73430 Aalen',
      'Schreinerei Vogt & Séhne GbR',
      'Gutschrift Nr. GS-2024-0087',
      'Bezug: Rechnung Nr. RE-2024-1193 vom 02.04.2024,',
      'Datum 18.04.2024',
      'Pos. Art.-Nr. Bezeichnung Menge Einzelpreis Gesamt',
      '1 LED-P60-840 LED-Panel 620x620 mm (defekt) 4 Stk 89,50 € 358,00 €',
      '2 TRF-24V-100 Netzteil 24 V/ 100 W 2 Stk 41,20 € 82,40 €',
      'Nettobetrag 450,30 €',
      'zzgl. 19 % USt. 85,56 €',
      'Gutschriftsbetrag 535,86 €',
      'Der Betrag wird mit Ihrer nachsten Rechnung verrechnet.',
    ].join('\n');
    const all = ['credit note', 'invoice', 'letter'].map((name) => ({ name, description: name }));
    expect(classifyDocument(text, all, { pageCount: 1, ocr: true }).classification).toBe('credit note');
  });
  it('reads an Outlook printout without addresses as a mail, a carrier’s label, a Lieferschein and a student card', () => {
    const offered = [
      'email',
      'memo',
      'invoice',
      'credit note',
      'shipping document',
      'purchase order',
      'ID card',
      'business card',
      'ticket',
    ].map((name) => ({ name, description: name }));
    const kind = (lines: string[]) =>
      classifyDocument(lines.join('\n'), offered, { pageCount: 1, ocr: true }).classification;
    expect(
      kind([
        'From:    Thompson, Gail',
        'Sent:    Friday, February 21, 2025 10:04 AM',
        'To:      Accounts Payable',
        'Cc:      Ruiz, Hector',
        'Subject: Invoice 88213 - hold payment',
        'Please place a hold on invoice 88213 from Delta Coatings ($14,870.00) until the credit note is received.',
        'Thanks,',
        'Gail Thompson',
      ]),
    ).toBe('email');
    expect(
      kind([
        'SWIFTLINE EXPRESS',
        'ORIGIN ID:CVGA (513) 555-0166      SHIP DATE: 12MAR25',
        'JANE OKONJO                        ACTWGT: 2.40 LB',
        '4410 RIVER RD                      BILL SENDER',
        'TO  MARCUS FELL',
        '    1902 W WILLOW CT APT 3B',
        'TRK# 7789 4412 0937                PRIORITY OVERNIGHT',
      ]),
    ).toBe('shipping document');
    expect(
      kind([
        'Lieferschein',
        'Nr. LS-2025-04417',
        'Lieferdatum: 06.03.2025',
        'Ihre Bestellung: 2025-118 vom 24.02.2025',
        'Versandart: Spedition',
        '1 WK-4040 Winkelprofil 40x40x4 verzinkt, 6 m 12 Stk',
        'Anzahl Packstücke: 3 Gesamtgewicht: 186 kg',
      ]),
    ).toBe('shipping document');
    expect(
      kind([
        'NORTHGATE',
        'UNIVERSITY',
        'STUDENT',
        'MEHTA, ARJUN S.',
        'ID# 20418873',
        'Valid thru 08/2026',
        'If found please return to:',
        'Campus Card Office, 220 College Ave Rm 104',
        'This card is the property of Northgate University',
      ]),
    ).toBe('ID card');
  });
});

describe('document types of a twelfth written pile and of photos of the eleventh (#12, 2026-12-08)', () => {
  // All 29 types offered by name, as the held-out check offers them.
  const offered = (
    'receipt|invoice|passport|ID card|driver license|payslip|bank statement|scientific paper|form|court document|' +
    'utility bill|business card|contract|letter|memo|email|purchase order|quote|credit note|tax form|' +
    'medical record|certificate|shipping document|menu|ticket|insurance policy|report|resume|news article'
  )
    .split('|')
    .map((name) => ({ name, description: name }));
  const kind = (lines: string[]) =>
    classifyDocument(lines.join('\n'), offered, { pageCount: 1, ocr: true }).classification;

  it('reads a French till’s slip, a Dutch memo, a Portuguese order and a menu with dot leaders', () => {
    expect(
      kind([
        'BOULANGERIE PATISSERIE',
        'Ticket N° 004218     Caisse 1',
        'Vendeur : Camille',
        '2 x Croissant beurre       2,40',
        '1 x Baguette tradition     1,30',
        'TOTAL TTC             3,70 EUR',
        'CB SANS CONTACT       3,70 EUR',
      ]),
    ).toBe('receipt');
    expect(
      kind([
        'Interne notitie',
        'Aan:        Managementteam',
        'Van:        Erik Smulders, teamleider Informatiebeheer',
        'Datum:      4 april 2024',
        'Onderwerp:  Verhuizing semi-statisch archief naar depot Hoogveld',
        'Door de renovatie van het gemeentehuis moet de archiefruimte leeg zijn.',
      ]),
    ).toBe('memo');
    expect(
      kind([
        'NOTA DE ENCOMENDA N.º NE 2024/0187',
        'Data: 11/03/2024',
        'V/ Orçamento: ORC-0331/24',
        'Fornecedor:                                  Local de entrega:',
        'PAP-A4-80   Papel A4 80 g/m2 (resma 500 fl.)            60   Res.      3,95    225,15',
        'Total                  922,07 EUR',
      ]),
    ).toBe('purchase order');
    expect(
      kind([
        'SRI ANNAPOORNA TIFFIN ROOM',
        'Idli (2 pcs) ......................... 50',
        'Vada (1 pc) .......................... 35',
        'Plain Dosa ........................... 75',
        'Masala Dosa .......................... 95',
        'BEVERAGES',
        'Filter Coffee ........................ 30',
        'Tea .................................. 25',
      ]),
    ).toBe('menu');
  });

  it('reads an Indian cash memo, a Dutch loonstrook, a Polish PIT-11 and a concert ticket', () => {
    expect(
      kind([
        'SRI VENKATESWARA MEDICALS',
        'CASH MEMO            Bill No: SVM/24-25/08812',
        'Date: 22-07-2024     Time: 19:06',
        '1  DOLO 650 TAB 15s    DL4417   11/26   1    33.60',
        '2  PANTOCID 40MG 10s   PT2209   03/26   2   249.80',
        '                      Net Amount       283.40',
        'Goods once sold will not be taken back.',
      ]),
    ).toBe('receipt');
    expect(
      kind([
        'LOONSTROOK',
        'Van Dijk Installatietechniek B.V.',
        'Werknemer          R.J. de Vries                Periode          12 / 2024',
        'Salaris                                                        3.412,00',
        'Loonheffing                                                     -752,36',
        'Netto loon                                                     2.633,14',
      ]),
    ).toBe('payslip');
    expect(
      kind([
        'PIT-11                                                                          (29)',
        'INFORMACJA O PRZYCHODACH Z INNYCH ŹRÓDEŁ ORAZ O DOCHODACH',
        'I POBRANYCH ZALICZKACH NA PODATEK DOCHODOWY',
        '5. Urząd skarbowy, do którego adresowana jest informacja',
        '6. Cel złożenia formularza   [X] 1. złożenie informacji   [ ] 2. korekta informacji',
      ]),
    ).toBe('tax form');
    expect(
      kind([
        'THE GRANARY HALL  BRISTOL',
        'PALE LANTERNS  + special guests',
        'SAT 16 NOV 2024   DOORS 7.00PM',
        'STANDING - GENERAL ADMISSION',
        'FACE VALUE £28.50 + £3.25 BKG FEE',
        'ORDER 4418227   TKT 0001/0002',
      ]),
    ).toBe('ticket');
  });

  it('reads a school’s permission slip with medical questions as a form', () => {
    expect(
      kind([
        'Banksia Ridge Secondary College',
        'EXCURSION PERMISSION AND MEDICAL INFORMATION',
        'Please complete, sign and return this slip to the front office by Friday 15 March.',
        'Student name: Oliver Nguyen',
        'I give permission for my child to attend the above excursion. [v] Yes [ | No',
        'Does your child have any medical conditions? [/] Yes [1No',
        'Medication name / dose: Ventolin inhaler, 2 puffs as needed',
        'Allergies (food, medication, insects): none known',
        'Parent/guardian name: Linh Nguyen',
        'Signature: Nguyen Date: 11/03/2024',
      ]),
    ).toBe('form');
  });

  it('reads an Outlook printout whose sender’s address OCR wrapped onto its own line', () => {
    expect(
      kind([
        'From: Priyanka Menon',
        '<p.menon@arcadialogistics.com.au=',
        'Sent: Thursday, 7 March 2024 4:52 PM',
        'To: Accounts Payable',
        'Cc: David Cheung',
        'Subject: Overdue remittance - inv 55190 & 55217',
        'Attachments: Statement _Feb2024_NSP.pdf',
        'Our records show the following invoices are now past due:',
        'Inv 55190 dated 12/01/2024 due 11/02/2024 $8,417.60',
        'Kind regards,',
        'Priyanka Menon',
      ]),
    ).toBe('email');
  });

  it('reads an Outlook printout, a Spanish statement, a credit memo and an old purchase order as OCR gives them', () => {
    expect(
      kind([
        'From: Thompson, Gail',
        'Sent: Friday, February 21, 2025 10:04 AM',
        'To: Accounts Payable',
        'Subject: Invoice 88213 - hold payment',
        'Importance: High',
        'Please place a hold on invoice 88213 from Delta Coatings ($14,870.00).',
        'we are waiting for a credit for the short shipment, then the invoice can be paid.',
      ]),
    ).toBe('email');
    expect(
      kind([
        'Banco Meridional',
        'IBAN: ES41 2085 0213 9101 2233 4417',
        'Saldo anterior: 3.118,42 EUR',
        'F. OPER. F. VALOR CONCEPTO IMPORTE SALDO',
        '03/02 03/02 RECIBO IBERVOLT ENERGIA -64,21 3.054,21',
        '18/02 18/02 REINTEGRO CAJERO -100,00 4.645,64',
        'Total abonos: 1.842,60 Total cargos: -327,78',
      ]),
    ).toBe('bank statement');
    expect(
      kind([
        'ORDER NO. 71-0442',
        'TO: Acme Scale & Balance Co.',
        '2 Analytical balance, 160 g cap. 1,145.00',
        'TOTAL',
        '2,602.00',
        'IMPORTANT: Our order number must appear on all invoices',
        'PURCHASING AGENT',
      ]),
    ).toBe('purchase order');
  });
});
