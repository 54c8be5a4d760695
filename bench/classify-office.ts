// CLASSIFY on the office documents of a scanned-archive taxonomy (letters, memos, forms,
// questionnaires, budgets, specifications, advertisements, news articles, reports, papers,
// presentations, résumés, e-mails, invoices): short texts written here as OCR gives such pages,
// invented names and figures, all fourteen categories offered at once by name (the name as its
// description). Written before the classifier was run on them; a check of the taxonomy's cues for
// these types (each has one or two texts), not a measure of accuracy on real documents. With
// --photos each text is rendered as a photographed page and classified through the whole
// pipeline, OCR included (bench/classify-texts.ts's photos).
//
//   ./node_modules/.bin/node bench/classify-office.ts [--verbose] [--photos] [--seed=5]

import { classifyDocument } from '../src/pipeline/steps/classify.ts';
import { classifyPhoto } from './classify-texts.ts';

export const OFFICE_CATEGORIES = [
  'letter',
  'form',
  'email',
  'advertisement',
  'scientific report',
  'scientific publication',
  'specification',
  'news article',
  'budget',
  'invoice',
  'presentation',
  'questionnaire',
  'resume',
  'memo',
];

const scan = { pageCount: 1, ocr: true };

/** [expected category, text, shape] */
export const OFFICE_TEXTS: [string, string, { pageCount: number; ocr: boolean }][] = [
  [
    'specification',
    `PRODUCT SPECIFICATION
Spec No. PS-2231 Rev. C Effective 03/14/1994
Product: Filter paper, grade 40, white
Property Test Method Nominal Tolerance
Basis weight (g/m2) ASTM D646 27.5 ±1.0
Thickness (mm) ASTM D645 0.110 ±0.008
Porosity (CU) CORESTA 40 ±5
Tensile strength MD (N/15mm) ASTM D828 14.0 min
Moisture content (%) ASTM D644 6.5 5.5 - 7.5
Ash (%) 0.9 max
Width of bobbin 26.5 mm ±0.2 mm
Core inside diameter 150 mm
The material shall be free of holes, creases and foreign matter.
Approved: Quality Assurance Date: 03/10/94`,
    scan,
  ],
  [
    'specification',
    `TECHNICAL DATA SHEET
Model TX-400 Temperature Transmitter
Parameter Min Typ Max Unit
Supply voltage 10 24 30 V
Output current 4 20 mA
Operating temperature -40 85 °C
Accuracy ±0.1 %
Response time 250 ms
Dimensions 44 x 30 x 22 mm
Weight 85 g
Housing material: stainless steel 316L
Part number TX400-A-24`,
    scan,
  ],
  [
    'budget',
    `FY 1995 BUDGET REQUEST
Department: Marketing Research Cost Center 4410
Line Item FY94 Actual FY95 Budget Variance
Salaries and wages 412,300 438,000 25,700
Fringe benefits 86,583 91,980 5,397
Consultants 120,000 95,000 (25,000)
Travel 34,210 30,000 (4,210)
Printing and supplies 18,775 20,000 1,225
Indirect costs 52,100 54,000 1,900
TOTAL 723,968 728,980 5,012
Prepared by: J. Whitfield Approved: __________`,
    scan,
  ],
  [
    'budget',
    `Project budget — community garden
Year 1 Year 2 Total
Personnel 12,000 12,500 24,500
Equipment 4,800 600 5,400
Seeds and plants 1,200 1,300 2,500
Water and utilities 900 950 1,850
Overhead (10%) 1,890 1,535 3,425
Total requested 20,790 16,885 37,675
Expenditure will be reported quarterly against this allocation.`,
    { pageCount: 1, ocr: false },
  ],
  [
    'questionnaire',
    `SMOKER'S OPINION QUESTIONNAIRE
Please answer every question. Circle one number for each statement.
1. How many cigarettes do you smoke a day?
Less than 10 10-19 20 or more
2. How long have you smoked your present brand?
3. How satisfied are you with the taste of your brand?
Very satisfied 1 2 3 4 5 Not at all satisfied
4. The filter makes the smoke milder.
Strongly agree 1 2 3 4 5 Strongly disagree
5. Would you buy this brand again? Yes No
Respondent No. ______ Interviewer ______`,
    scan,
  ],
  [
    'questionnaire',
    `Customer survey
We would like to hear from you. It takes about 5 minutes.
Q1. How did you hear about us?
[ ] Friend [ ] Newspaper [ ] Internet [ ] Other
Q2. How likely are you to recommend us to a friend?
0 1 2 3 4 5 6 7 8 9 10
Q3. How often do you visit our store?
[ ] Weekly [ ] Monthly [ ] Rarely
Q4. Any comments?
Thank you for taking part.`,
    { pageCount: 1, ocr: false },
  ],
  [
    'advertisement',
    `INTRODUCING
NEW Spring Fresh Menthol
The cool, clean taste you've been waiting for.
Now available at your favorite store.
SAVE 50¢ on your next carton
Limited time offer. Offer ends June 30.
Try it today!`,
    scan,
  ],
  [
    'advertisement',
    `SUMMER SALE
Up to 40% off all garden furniture
Buy now and get free delivery
Visit us at 12 Market Street or shop now at www.greenhome-shop.com
While supplies last.`,
    scan,
  ],
  [
    'letter',
    `March 3, 1993
Mr. Donald R. Keller
Director of Purchasing
Alton Packaging Company
118 Industrial Drive
Richmond, VA 23219
Dear Mr. Keller:
Thank you for your letter of February 22 regarding the delivery schedule for the second quarter.
We have reviewed the quantities and can confirm shipment of the cartons by April 15.
Please let me know if you need any further information.
Sincerely,
Margaret L. Owens
Vice President, Sales`,
    scan,
  ],
  [
    'memo',
    `MEMORANDUM
TO: All Regional Sales Managers
FROM: R. T. Bennett
DATE: October 12, 1992
SUBJECT: Fourth quarter promotion plan
The fourth quarter plan is attached. Please review it with your teams before the meeting on
October 20 and send your comments to my office by October 16.
cc: H. Lyons, P. Ames`,
    scan,
  ],
  [
    'email',
    `From: Karen Doyle <kdoyle@northfield.com>
Sent: Tuesday, May 6, 2003 10:14 AM
To: Brian Marsh
Cc: Operations Team
Subject: RE: Shipment delays
Brian,
The carrier confirmed that the pallets will arrive Thursday morning. I will forward the tracking
numbers once I have them.
Thanks,
Karen`,
    scan,
  ],
  [
    'form',
    `REQUEST FOR CHECK
Date of request: __________ Department: __________
Payee name: ______________________________
Address: ______________________________
Amount: $ __________ Account number: __________
Purpose of payment: ______________________________
Requested by (signature): __________ Approved by: __________
FOR ACCOUNTING USE ONLY
Voucher No. __________ Check No. __________`,
    scan,
  ],
  [
    'news article',
    `Tobacco shares fall on new tax plan
By ELLEN MARTIN
Staff Reporter
WASHINGTON — Shares of the largest cigarette makers fell sharply yesterday after the
administration proposed raising the federal excise tax by 75 cents a pack to help pay for
health-care reform.
"This is a very serious blow to the industry," said an analyst at a New York brokerage, who
expected sales volume to drop by as much as 10 percent next year.
Industry officials said they would fight the proposal in Congress.`,
    scan,
  ],
  [
    'scientific report',
    `RESEARCH REPORT No. 92-114
Effect of filter ventilation on smoke deliveries
Summary
Cigarettes with filter ventilation of 0, 20, 40 and 60 % were smoked under standard conditions.
Tar and nicotine deliveries decreased with increasing ventilation.
Introduction
Methods
Results
Table 1 shows the mean deliveries of five replicate determinations.
Conclusions
Distribution: R&D Management File`,
    scan,
  ],
  [
    'scientific publication',
    `Journal of Applied Toxicology, Vol. 14(3), 201-207 (1994)
Nicotine uptake in human volunteers smoking cigarettes of different yields
A. B. Hartmann, C. Liu and D. F. Moore
Department of Pharmacology, University of Bristol, UK
Abstract. The uptake of nicotine was measured in 24 volunteers who smoked cigarettes of three
nominal yields. Plasma nicotine levels did not differ significantly (p > 0.05) between the groups.
Keywords: nicotine, compensation, smoking behaviour
INTRODUCTION
Previous studies [1-4] have suggested that smokers compensate for lower yields.
References
1. Russell MAH et al. Br Med J 1980; 280: 972-976.`,
    scan,
  ],
  [
    'presentation',
    `Q3 Market Review
• Volume up 4 % vs. last year
• Share gains in the Northeast region
• Price increase taken in August
Next Steps
• Expand distribution to 200 new outlets
• Launch the value line in January
Slide 7`,
    scan,
  ],
  [
    'resume',
    `CURRICULUM VITAE
Thomas E. Brandt
Education
Ph.D., Chemistry, University of Wisconsin, 1978
B.S., Chemistry, Ohio State University, 1973
Professional Experience
1985-present Senior Scientist, Product Development
1978-1985 Research Chemist
Publications
Author of 14 papers on aerosol chemistry.
Professional memberships: American Chemical Society`,
    scan,
  ],
  [
    'invoice',
    `INVOICE
Invoice No. 40127 Date: 08/11/1991
Bill to: Westfield Distributors, 220 Lake Ave, Rochester NY
Qty Description Unit Price Amount
12 Display racks 45.00 540.00
200 Counter cards 0.75 150.00
Subtotal 690.00
Sales tax 48.30
Total due 738.30
Payment terms: net 30 days`,
    scan,
  ],
];

if (import.meta.url === `file://${process.argv[1]}`) {
  const categories = OFFICE_CATEGORIES.map((name) => ({ name, description: name }));
  const photos = process.argv.includes('--photos');
  const seed = Number(process.argv.find((a) => a.startsWith('--seed='))?.split('=')[1] ?? 5);
  let right = 0;
  for (const [i, [want, text, shape]] of OFFICE_TEXTS.entries()) {
    const r = photos
      ? await classifyPhoto(text, seed * 100 + i, categories)
      : classifyDocument(text, categories, shape);
    const ok = r.classification === want;
    if (ok) right++;
    if (process.argv.includes('--verbose') || !ok) {
      console.log(`${ok ? 'ok' : '--'} ${want}: got ${r.classification} (${r.confidence.toFixed(2)})`);
    }
  }
  console.log(JSON.stringify({ texts: OFFICE_TEXTS.length, right }));
  if (photos) {
    const { closeOcr } = await import('../src/pipeline/formats/index.ts');
    await closeOcr();
  }
}
