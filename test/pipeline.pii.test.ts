import { describe, expect, it } from 'vitest';
import { detectPii, maskPreview, redact, resolveOverlaps } from '../src/pipeline/steps/pii.ts';
import {
  caseless,
  ibanValid,
  luhnValid,
  withMisreadDigits,
  withMisreadLetters,
} from '../src/pipeline/steps/pii-patterns.ts';

function found(text: string, types?: string[]) {
  return detectPii(text, types).map((f) => ({ type: f.type, value: text.slice(f.start, f.end) }));
}

function valuesOf(text: string, type: string, types?: string[]) {
  return found(text, types)
    .filter((f) => f.type === type)
    .map((f) => f.value);
}

describe('structured PII', () => {
  it('finds an email and masks it', () => {
    const text = 'Write to jane.doe@example.com today.';
    const [f] = detectPii(text);
    expect(f).toMatchObject({ type: 'EMAIL', start: 9, end: 29 });
    expect(f?.preview).toBe('j***@e***.com');
    expect(f?.preview).not.toContain('jane');
  });

  it('accepts Luhn-valid card numbers and rejects an invalid checksum', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(valuesOf('card 4111 1111 1111 1111 expires soon', 'CREDIT_CARD')).toEqual(['4111 1111 1111 1111']);
    expect(valuesOf('card 4111 1111 1111 1112 expires soon', 'CREDIT_CARD')).toEqual([]);
    expect(maskPreview('CREDIT_CARD', '4111 1111 1111 1111')).toBe('**** **** **** 1111');
  });

  it('finds SSNs but not never-issued ranges', () => {
    expect(valuesOf('SSN: 123-45-6789.', 'US_SSN')).toEqual(['123-45-6789']);
    expect(valuesOf('ref 000-12-3456 and 666-12-3456 and 123-00-4567', 'US_SSN')).toEqual([]);
    expect(maskPreview('US_SSN', '123-45-6789')).toBe('***-**-6789');
  });

  it('validates IBAN checksums', () => {
    expect(ibanValid('GB82 WEST 1234 5698 7654 32')).toBe(true);
    expect(ibanValid('GB83 WEST 1234 5698 7654 32')).toBe(false);
    expect(valuesOf('Pay to GB82 WEST 1234 5698 7654 32 by Friday', 'IBAN')).toEqual([
      'GB82 WEST 1234 5698 7654 32',
    ]);
    expect(valuesOf('Pay to DE89370400440532013000.', 'IBAN')).toEqual(['DE89370400440532013000']);
    // A failed check in the country's layout is an IBAN OCR misread (or one made up): still
    // redacted, as a guess. Out of every country's layout it is no IBAN.
    expect(detectPii('Pay to GB83 WEST 1234 5698 7654 32 by Friday').map((f) => [f.type, f.score])).toEqual([
      ['IBAN', 0.85],
    ]);
    expect(valuesOf('Konto\nAT48 2011 1822 4471 0930 abgebucht.', 'IBAN')).toEqual([
      'AT48 2011 1822 4471 0930',
    ]);
    expect(valuesOf('IBAN ES91 21OO 0418 4502 0005 1332', 'IBAN')).toEqual(['ES91 21OO 0418 4502 0005 1332']);
    expect(valuesOf('Pay to GB83 1234 1234 5698 7654 32 by Friday', 'IBAN')).toEqual([]);
    expect(valuesOf('Ref XY12 3456 7890 1234 5678 by Friday', 'IBAN')).toEqual([]);
  });

  it('validates IP addresses, v4 and v6', () => {
    expect(valuesOf('from 192.168.10.20 and 2001:db8::8a2e:370:7334 at 12:20:39', 'IP_ADDRESS')).toEqual([
      '192.168.10.20',
      '2001:db8::8a2e:370:7334',
    ]);
    expect(valuesOf('version 999.999.1.1 and 1.2.3 and 10.0.0.256', 'IP_ADDRESS')).toEqual([]);
  });

  it('finds phone numbers in several shapes and leaves dates and amounts alone', () => {
    expect(valuesOf('Call me at (415) 555-2671 tomorrow.', 'PHONE_NUMBER')).toEqual(['(415) 555-2671']);
    expect(valuesOf('Mobile: +44 20 7946 0958', 'PHONE_NUMBER')).toEqual(['+44 20 7946 0958']);
    // After a service line or a direct line, in national shapes: not after a tracking or hospital number.
    expect(valuesOf('Atencion al cliente 900 858 181', 'PHONE_NUMBER')).toEqual(['900 858 181']);
    expect(valuesOf('Customer service: 1800-005-8199', 'PHONE_NUMBER')).toEqual(['1800-005-8199']);
    expect(valuesOf('Jane Lim, direct line 9155 8594', 'PHONE_NUMBER')).toEqual(['9155 8594']);
    expect(valuesOf('Cellulare: 322 9898852', 'PHONE_NUMBER')).toEqual(['322 9898852']);
    expect(valuesOf('Gestor: Ana Ruiz, línea directa 645 654 199', 'PHONE_NUMBER')).toEqual(['645 654 199']);
    expect(valuesOf('Tax officer: Jo Lee, direct line 0404964091', 'PHONE_NUMBER')).toEqual(['0404964091']);
    expect(valuesOf('Sendungsnummer: 0574 3140 3562', 'PHONE_NUMBER')).toEqual([]);
    expect(valuesOf('Hospital number 419 257 4971', 'PHONE_NUMBER')).toEqual([]);
    expect(valuesOf('Phone:\n0490 75 40 81', 'PHONE_NUMBER')).toEqual(['0490 75 40 81']);
    expect(valuesOf('69 987 88 37 office', 'PHONE_NUMBER')).toEqual(['69 987 88 37']);
    expect(valuesOf('We shipped 69 987 88 37 units', 'PHONE_NUMBER')).toEqual([]);
    expect(valuesOf('Date: 2020-06-20 14:11:22, total 1,234.56 for 3 items', 'PHONE_NUMBER')).toEqual([]);
    expect(maskPreview('PHONE_NUMBER', '(415) 555-2671')).toBe('(***) ***-**71');
  });

  it('finds a date of birth only next to a birth cue', () => {
    expect(valuesOf('DOB: 04/12/1985', 'DATE_OF_BIRTH')).toEqual(['04/12/1985']);
    expect(valuesOf('She was born on 3 March 1990 in Leeds.', 'DATE_OF_BIRTH')).toEqual(['3 March 1990']);
    expect(valuesOf('Invoice date 04/12/1985', 'DATE_OF_BIRTH')).toEqual([]);
    // Months in other languages, and the cues as forms print them ("nato/a il", "né(e) le").
    expect(valuesOf('Date de naissance: 24 février 1953', 'DATE_OF_BIRTH')).toEqual(['24 février 1953']);
    expect(valuesOf('Contribuente: Riccardo De Luca, nato/a il 11 marzo 1974', 'DATE_OF_BIRTH')).toEqual([
      '11 marzo 1974',
    ]);
    expect(valuesOf('M. Julien Rousseau, né(e) le 15 décembre 1990, a été', 'DATE_OF_BIRTH')).toEqual([
      '15 décembre 1990',
    ]);
    expect(valuesOf('Facture du 12 mars 2024', 'DATE_OF_BIRTH')).toEqual([]);
    expect(valuesOf('Date of birth: 1989/03/28 · Pay period: January 2025', 'DATE_OF_BIRTH')).toEqual([
      '1989/03/28',
    ]);
    // A table with a date-of-birth column: the dates of its rows, not the dates labelled otherwise.
    const table =
      'Insured person\nDate of birth Premium\nHarpreet Venkataraman 09/05/1967\nVikram Venkataraman $368.41\n07/02/2011 $157.89\nValid from 01/01/2025\n\nIssued 02/01/2025';
    expect(valuesOf(table, 'DATE_OF_BIRTH')).toEqual(['09/05/1967', '07/02/2011']);
  });

  it('takes an e-mail address whose dot OCR lost, or whose @ it read as "(@"', () => {
    expect(valuesOf('E-mail: oliver pemberton76@proton.me', 'EMAIL')).toEqual([
      'oliver pemberton76@proton.me',
    ]);
    expect(valuesOf('direct line 778 691 4171, hannah fairbrother@siemens.ca', 'EMAIL')).toEqual([
      'hannah fairbrother@siemens.ca',
    ]);
    expect(valuesOf('elodie.lefevre(@postfinance.ch', 'EMAIL')).toEqual(['elodie.lefevre(@postfinance.ch']);
    expect(valuesOf('write to us at info@example.com', 'EMAIL')).toEqual(['info@example.com']);
  });
});

describe('names and addresses', () => {
  it('finds names by title, cue and name list', () => {
    expect(valuesOf('Hello, this is Dr. Kyle Kuefer. Who are you?', 'PERSON')).toEqual(['Kyle Kuefer']);
    expect(valuesOf('My name is Siiri', 'PERSON')).toEqual(['Siiri']);
    expect(valuesOf('Maybe it is under Caitlyn Schulz', 'PERSON')).toEqual(['Caitlyn Schulz']);
  });

  it('reads whole names: common-word surnames, surname prefixes, particles, a verb before them', () => {
    expect(valuesOf('Please contact Dr. Amanda Price about the results.', 'PERSON')).toEqual([
      'Amanda Price',
    ]);
    expect(valuesOf('The customer, Christopher Page, complained.', 'PERSON')).toEqual(['Christopher Page']);
    expect(valuesOf('Ask Kevin Long about it.', 'PERSON')).toEqual(['Kevin Long']);
    expect(valuesOf("Dear Mr O'Brien-Smith,", 'PERSON')).toEqual(["O'Brien-Smith"]);
    expect(valuesOf('Paid by Mary MacArthur and Lisa DiCaprio.', 'PERSON')).toEqual([
      'Mary MacArthur',
      'Lisa DiCaprio',
    ]);
    expect(valuesOf('Mevrouw S. van den Berg\nKeizersgracht 12', 'PERSON')).toEqual(['S. van den Berg']);
    expect(valuesOf('Maria de la Cruz signed.', 'PERSON')).toEqual(['Maria de la Cruz']);
    // Initials written together, and double names of which one part is a name.
    expect(
      valuesOf('De heer S.J. van der Meulen\nuw partner dhr. R.K. Bakker. Dit doet u', 'PERSON'),
    ).toEqual(['S.J. van der Meulen', 'R.K. Bakker']);
    expect(valuesOf('Linked member: Ana Walker-Tupou\nLaurent et Chantal Rochat-Pittet', 'PERSON')).toEqual([
      'Ana Walker-Tupou',
      'Chantal Rochat-Pittet',
    ]);
    // A doctorate's faculty after "Dr.", and Romance given names the word lists hold as words.
    expect(valuesOf('Überweisung von Dr. med. P. Gysi, Zürich', 'PERSON')).toEqual(['P. Gysi']);
    expect(valuesOf('Intestatario: Francesca De Rosa', 'PERSON')).toEqual(['Francesca De Rosa']);
    // Alone, a double name may be a brand.
    expect(valuesOf('Two Rolls-Royce engines power it.', 'PERSON')).toEqual([]);
    // Particles join no place's words, nor a common word a name.
    expect(valuesOf('The clubs were in Villafranca del Cid and in Valencia.', 'PERSON')).toEqual([]);
    expect(valuesOf("Banque de France\nPage 2 of 5\nPrice: 12.00\nWe ate at McDonald's.", 'PERSON')).toEqual(
      [],
    );
  });

  // [sentence, the addresses found in it]
  const ADDRESSES: [string, string[]][] = [
    // A quarter after the street type, a unit before the street, a capitalised French street word.
    [
      '1600 Pennsylvania Avenue NW, Washington, DC 20500',
      ['1600 Pennsylvania Avenue NW, Washington, DC 20500'],
    ],
    ['The package went to 45 King St W, Toronto, ON M5H 1J8', ['45 King St W, Toronto, ON M5H 1J8']],
    [
      'Our office: Suite 200, 1600 Amphitheatre Parkway, Mountain View, CA 94043',
      ['Suite 200, 1600 Amphitheatre Parkway, Mountain View, CA 94043'],
    ],
    [
      'He moved to 55 Rue du Faubourg Saint-Honoré, 75008 Paris, France.',
      ['55 Rue du Faubourg Saint-Honoré, 75008 Paris, France'],
    ],
    // A street without its number where something happened; a Dutch street before its postcode.
    ['The incident occurred near Third Ln, San Diego.', ['Third Ln, San Diego']],
    ['I moved to Damrak 158, 3511 AB Utrecht last month.', ['Damrak 158, 3511 AB Utrecht']],
    // An ordinal street, a state without its ZIP code; the sentence's words before a street are not in it.
    ['I moved to 8187 5th Ave., Chicago, IL last month.', ['8187 5th Ave., Chicago, IL']],
    [
      'THE BILLING ADDRESS ON FILE IS 1007 ELM PARKWAY, FLORENCE, AL 35686.',
      ['1007 ELM PARKWAY, FLORENCE, AL 35686'],
    ],
    ['i live at mühlenweg 40, 10437 berlin', ['mühlenweg 40, 10437 berlin']],
    // Faker's street types; an address ends where the sentence goes on in small letters or after a dash.
    [
      'Insured driver April Moore of 893 Christopher Lakes, Port Grace, AL 93626 reported it.',
      ['893 Christopher Lakes, Port Grace, AL 93626'],
    ],
    [
      'New address is 04314 Shannon Squares\nAndersonborough, KS 41985 — update order 277036708.',
      ['04314 Shannon Squares\nAndersonborough, KS 41985'],
    ],
    [
      'The property located at Unit 5315 Box 7114\nDPO AE 85552 was sold for £442.53.',
      ['Unit 5315 Box 7114\nDPO AE 85552'],
    ],
    // An order's code before "to", an addressee before the street, two shapes of one address.
    [
      'change the shipping address on A2-648165 to 854 Trevor Plaza, Fairview, OH 15776 thx',
      ['854 Trevor Plaza, Fairview, OH 15776'],
    ],
    [
      'Send it to the attention of Miss Evans, Via Matteo Mancini 179, 96221, Roma (RM).',
      ['Via Matteo Mancini 179, 96221, Roma (RM)'],
    ],
    [
      'The package was left at Calle Íñigo Ruiz 52 Puerta 8\nMadrid, 91936 at 3am.',
      ['Calle Íñigo Ruiz 52 Puerta 8\nMadrid, 91936'],
    ],
    // A scanned window's last line with the box beside it; English-speaking place-and-postcode
    // lines; Italian streets with a comma before the number; French streets in capitals.
    ['Max Muster\nKirchweg 4\n70173 Stuttgart Geburtsdatum 12.03.1980', ['Kirchweg 4\n70173 Stuttgart']],
    // The box beside the window on the street's line, or on the place's (a date): not the address.
    [
      '37 Seaview Court 1.1 C59.65\nBallincollig, Co. Cork\nP31 X2Y7',
      ['37 Seaview Court', 'Ballincollig, Co. Cork\nP31 X2Y7'],
    ],
    ['Oudegracht 56 hs MB39694991\n9711 LM Groningen 26 mei 2024', ['Oudegracht 56', '9711 LM Groningen']],
    [
      'Blk 483 Bedok North Road\n#21-1562\nSingapore 725483\nPayslip January 2024',
      ['Blk 483 Bedok North Road\n#21-1562\nSingapore 725483'],
    ],
    [
      'Via dei Serragli 88\nScala A. Int. 9\n16121 Genova (GE)',
      ['Via dei Serragli 88\nScala A. Int. 9\n16121 Genova (GE)'],
    ],
    [
      '233, Sea Breeze Apartments, Carter Road Amount % 60.00\nBandra West\nMumbai 400058',
      ['233, Sea Breeze Apartments, Carter Road', 'Bandra West\nMumbai 400058'],
    ],
    ['Jane Roe\nCork T23 X70A', ['Cork T23 X70A']],
    ['PADDINGTON QLD 4064', ['PADDINGTON QLD 4064']],
    ['EDMONTON AB T5J ON3', ['EDMONTON AB T5J ON3']],
    ['Corso Buenos Aires, 52\n20121 Milano (MI)', ['Corso Buenos Aires, 52\n20121 Milano (MI)']],
    [
      'Via Roma 12 Data fattura 09/02/2025\n10121 Torino (TO) Importo da pagare 144.14',
      ['Via Roma 12', '10121 Torino (TO)'],
    ],
    [
      'Miss X\nApartment 12. Seaview Court\nBallincollig, Co. Cork\nP31 X2Y7',
      ['Apartment 12. Seaview Court\nBallincollig, Co. Cork\nP31 X2Y7'],
    ],
    ['Am Seestern 57. 28195 Bremen Fax 0421 1234', ['Am Seestern 57. 28195 Bremen']],
    ['Aeschengraben 6. 3011 Bern Datum 24.08.2025', ['Aeschengraben 6. 3011 Bern']],
    [
      '6648 Cedar Ridge Rd, Apt. 16A Bill date September 1, 2025\n\nAustin, TX 78704 Billing period September 2025',
      ['6648 Cedar Ridge Rd, Apt. 16A', 'Austin, TX 78704'],
    ],
    [
      'Flat No. 463, Sai Residency\n\n1th Cross, Indiranagar\n\nBengaluru 560065, Karnataka',
      ['Flat No. 463, Sai Residency', '1th Cross, Indiranagar', 'Bengaluru 560065, Karnataka'],
    ],
    [
      'Dr X\nFlat 8. 192 Karangahape Road\nRiccarton\n(hristchurch 8011',
      ['Flat 8. 192 Karangahape Road\nRiccarton\n(hristchurch 8011'],
    ],
    ['Mevr. Y\nPrinsengracht 194bis\n1016 DV Amsterdam', ['Prinsengracht 194bis\n1016 DV Amsterdam']],
    ['12 Queen St\nCARDIFF CF24 3AA 22 june 2025 574.33', ['12 Queen St\nCARDIFF CF24 3AA']],
    [
      'School - 5985 Corporate Blvd, Raleigh, NC 27601 : i Sr Date 11/25/2025',
      ['5985 Corporate Blvd, Raleigh, NC 27601'],
    ],
    // A heading with its year under the block is no place and postcode.
    [
      '66 Beach Road\nBONDI NSW 2026 Tax year 2023\nNotice of assessment 2023',
      ['66 Beach Road\nBONDI NSW 2026'],
    ],
    ['99 BIS CHEMIN DU MOULIN\n31000 TOULOUSE', ['99 BIS CHEMIN DU MOULIN\n31000 TOULOUSE']],
    // India's and Poland's.
    ['Ship to: Flat No. 16/10, MG Road\nBengaluru - 203973', ['Flat No. 16/10, MG Road\nBengaluru - 203973']],
    [
      'Shipped to Flat No. 91, Gandhi Nagar, Hyderabad-592074.',
      ['Flat No. 91, Gandhi Nagar, Hyderabad-592074'],
    ],
    [
      'Send it to dr Szczepaniak, pl. Przemysław Mazur 66, 54-282 Wrocław.',
      ['pl. Przemysław Mazur 66, 54-282 Wrocław'],
    ],
    // A house number's letter or "bis" apart, Swedish, Danish and Portuguese flats and floors, and
    // postcodes of Sweden, Poland and Portugal before their towns.
    ['Kalfarveien 44 B\n5018 BERGEN', ['Kalfarveien 44 B\n5018 BERGEN']],
    ['Bisschopsweg 118 bis\n3817 BT Amersfoort', ['Bisschopsweg 118 bis\n3817 BT Amersfoort']],
    ['Kvamgärdesgatan 28 B lgh 1203\n754 24 UPPSALA', ['Kvamgärdesgatan 28 B lgh 1203\n754 24 UPPSALA']],
    ['Nørretorv 12, 2. th.\n7100 Vejle', ['Nørretorv 12, 2. th.\n7100 Vejle']],
    [
      'Rua Costa Cabral, 1180, 3.º Esq.\n4200-217 PORTO',
      ['Rua Costa Cabral, 1180, 3.º Esq.\n4200-217 PORTO'],
    ],
    ['ul. Długa 14\n80-136 Gdańsk', ['ul. Długa 14\n80-136 Gdańsk']],
    // An amount's cents and a form's number before small words are no house number; dates and
    // ranges between two numbers are no street.
    ['The charge of $6,209.00 shipped to Flat 9. File Form 3115 with the Service Center.', []],
    ['Opened on 10 March 2024. RATE US FROM 1 TO 10. We met on Sunday Park, Lovely', []],
  ];

  it.each(ADDRESSES)('reads the address in %j', (text, want) => {
    expect(valuesOf(text, 'ADDRESS')).toEqual(want);
  });

  it('keeps the addressee beside an address a person, and a state no person', () => {
    // The addressee after an address, or before it after a cue, is a person, not part of it.
    expect(
      found('Please send the package to 9592 Walnut Boulevard, Omaha, NE 68179, attention Carlos Ortiz.'),
    ).toEqual([
      { type: 'ADDRESS', value: '9592 Walnut Boulevard, Omaha, NE 68179' },
      { type: 'PERSON', value: 'Carlos Ortiz' },
    ]);
    expect(found('Return address: Kayla Smith, 6741 Pine Ct, Fort Worth, TX 76140')).toEqual([
      { type: 'PERSON', value: 'Kayla Smith' },
      { type: 'ADDRESS', value: '6741 Pine Ct, Fort Worth, TX 76140' },
    ]);
    // A state is no person, nor the town before it; a given name keeps Georgia Smith.
    expect(valuesOf('She lives in Portland, Oregon. Greetings from Austin, Texas!', 'PERSON')).toEqual([]);
    expect(valuesOf('Georgia Smith met Dakota Johnson.', 'PERSON')).toEqual([
      'Georgia Smith',
      'Dakota Johnson',
    ]);
    // Names in capitals of other languages; a label OCR put on the name's line is not in it.
    expect(valuesOf('OLIVIER FONTAINE Numero client 8588.6559.87', 'PERSON')).toEqual(['OLIVIER FONTAINE']);
    expect(valuesOf('Daniel Buhlmann Kundennummer 2322.7717.89', 'PERSON')).toEqual(['Daniel Buhlmann']);
    expect(valuesOf('HIKMAH NASI KANDAR\nTAMAN DAYA', 'PERSON')).toEqual([]);
    // A call list's numbers between times; a customer number is none.
    expect(
      valuesOf('08/01 15:51 (224) 813-1759 30:11 $1.43\n9:48 93 663 72 94 12:41', 'PHONE_NUMBER'),
    ).toEqual(['(224) 813-1759', '93 663 72 94']);
    expect(valuesOf('Numero client 8588.6559.87, Kundennummer 2322.7717.89', 'PHONE_NUMBER')).toEqual([]);
    expect(valuesOf('Oudegracht 148-2 8332.0999.12', 'PHONE_NUMBER')).toEqual([]);
    // A label after a name line above a street is cut off; a house number with its flat stays whole.
    expect(found('B. Smit Klantnummer\nOudegracht 148-2\n3511 AB Utrecht')).toEqual([
      { type: 'PERSON', value: 'B. Smit' },
      { type: 'ADDRESS', value: 'Oudegracht 148-2\n3511 AB Utrecht' },
    ]);
    expect(valuesOf('41001 Sevilla ana.garcia@gmail.com', 'ADDRESS')).toEqual(['41001 Sevilla']);
    expect(valuesOf('Fecha de nacimiento 12/03/1982. Geboortedatum 12-09-1950', 'DATE_OF_BIRTH')).toEqual([
      '12/03/1982',
      '12-09-1950',
    ]);
    // A suffix is part of the name.
    expect(valuesOf('New hire Dr. James Walker PhD starts on Monday.', 'PERSON')).toEqual([
      'James Walker PhD',
    ]);
  });

  it('does not take capitalised words or places for names', () => {
    expect(valuesOf('Why is the Annual Report late?', 'PERSON')).toEqual([]);
    expect(valuesOf('We moved here from Canada last June.', 'PERSON')).toEqual([]);
    // Labels and headings of a German invoice: common words of another language, not names.
    expect(
      valuesOf('Rechnung Seite 1\nDienst: Webhosting\nKosten: 12,00 EUR\nIm Mai bezahlt.', 'PERSON'),
    ).toEqual([]);
    expect(valuesOf('Anna: Are you coming?\nTotal: 12.00', 'PERSON')).toEqual(['Anna']);
  });

  it('finds street addresses with their unit and city line', () => {
    expect(valuesOf('Send it to 1668 Glyn St, Suite 4, Springfield, IL 62704 please', 'ADDRESS')).toEqual([
      '1668 Glyn St, Suite 4, Springfield, IL 62704',
    ]);
    expect(valuesOf('Ship to 14 Crown Street\nLONDON\nUnited Kingdom 75419', 'ADDRESS')).toEqual([
      '14 Crown Street\nLONDON\nUnited Kingdom 75419',
    ]);
    expect(valuesOf('Søndergade 52', 'ADDRESS')).toEqual(['Søndergade 52']);
    expect(valuesOf('We sold 10 units last week on the way.', 'ADDRESS')).toEqual([]);
  });

  it('takes what follows an address cue, without the rest of the sentence', () => {
    expect(
      valuesOf('Please return to 5638 Aasa 43\nHumilimont, nan 78618 in case of an issue.', 'ADDRESS'),
    ).toEqual(['5638 Aasa 43\nHumilimont, nan 78618']);
    expect(valuesOf('Address:\nP.O. Box 287, Tallinn 10111\nPhone: none', 'ADDRESS')).toEqual([
      'P.O. Box 287, Tallinn 10111',
    ]);
    expect(valuesOf('Ship to USNS Bergman\nFPO AP 93757 today', 'ADDRESS')).toEqual([
      'USNS Bergman\nFPO AP 93757',
    ]);
    expect(valuesOf('Send it to me after the meeting, please.', 'ADDRESS')).toEqual([]);
    expect(valuesOf('Total 14\n\nTotal EUR 34', 'ADDRESS')).toEqual([]);
  });
});

describe('PII as real documents print it', () => {
  it('finds national phone numbers without a country code, with or without a cue', () => {
    expect(valuesOf('Telefon: 059/987 6540', 'PHONE_NUMBER')).toEqual(['059/987 6540']);
    expect(valuesOf('Mobil: 079/987 65 43', 'PHONE_NUMBER')).toEqual(['079/987 65 43']);
    expect(valuesOf('Tél. 01 42 68 53 00', 'PHONE_NUMBER')).toEqual(['01 42 68 53 00']);
    // Digits in one run only after a word that says phone: not after "number" or "order".
    expect(valuesOf('Ph 0412345678, or call me on 5551234567 (tel:+15551234567)', 'PHONE_NUMBER')).toEqual([
      '0412345678',
      '5551234567',
      '+15551234567',
    ]);
    expect(valuesOf('Number of employees: 12500000. Order number 123456789', 'PHONE_NUMBER')).toEqual([]);
    expect(valuesOf('Our Sydney office is on (02) 9876 5432 all week.', 'PHONE_NUMBER')).toEqual([
      '(02) 9876 5432',
    ]);
    expect(valuesOf('Zentrale 030 / 2345 6789', 'PHONE_NUMBER')).toEqual(['030 / 2345 6789']);
    // Amounts, dates and references are not phone numbers.
    expect(valuesOf('Bill no. 3139 dated 01.07.2020, total 3949.75, ref 0012345678', 'PHONE_NUMBER')).toEqual(
      [],
    );
  });

  it('finds names after labels, on the same line or on the line below', () => {
    for (const [text, name] of [
      ['Customer: Sieda Batukayev', 'Sieda Batukayev'],
      ['Name: Olufemi Adeyemi', 'Olufemi Adeyemi'],
      ['Bill to:\nJane Quimby\n12 Elm Street', 'Jane Quimby'],
      ['Herr\nKlaus Mahlberg\nHauptstraße 5', 'Klaus Mahlberg'],
      ['Ms\nPia Rutschmann\nMarktgasse 28\n9400 Rorschach', 'Pia Rutschmann'],
      ['Payable by\nPia Rutschmann', 'Pia Rutschmann'],
    ] as const) {
      expect(valuesOf(text, 'PERSON'), text).toContain(name);
    }
    // A company or a heading after a label is not a person.
    expect(valuesOf('Customer: ACME GmbH', 'PERSON')).toEqual([]);
    expect(valuesOf('Bill no. 3139\nPayable by Bill No. 3139', 'PERSON')).toEqual([]);
    // The label ignores case, the name does not: the words after a name are not part of it.
    expect(valuesOf('Mr Smith called', 'PERSON')).toEqual(['Smith']);
    expect(valuesOf('Mr. John Smith called', 'PERSON')).toEqual(['John Smith']);
  });

  it('takes the name line over an address block for a person', () => {
    const text = 'Satu Elomo\n45818 Kiannonkatu 98\n00100 Helsinki\nFinland';
    expect(valuesOf(text, 'PERSON')).toEqual(['Satu Elomo']);
    expect(valuesOf(text, 'ADDRESS')).toEqual(['45818 Kiannonkatu 98\n00100 Helsinki\nFinland']);
  });

  it('keeps an address block together: street, postcode and place, country', () => {
    expect(valuesOf('Robert Schneider AG\nRue du Lac 1268\n2501 Biel\nSwitzerland', 'ADDRESS')).toEqual([
      'Rue du Lac 1268\n2501 Biel\nSwitzerland',
    ]);
    expect(valuesOf('Marktgasse 28\nD-80331 München', 'ADDRESS')).toEqual(['Marktgasse 28\nD-80331 München']);
  });

  it("takes an address as a scanned letter's window gives it: a right column between its lines, specks, French order, ß misread", () => {
    // The window's street came out beside the date, its town a line lower; a speck before the town.
    const bill = [
      'Herrn',
      'Jürgen Hoffmann Rechnungsdatum 07.01.2025',
      'Hauptplatz 3 Datum 11.04.2025',
      'Ihr Telefon 079 412 33 87',
      ': 8010 Graz',
      'Jahresabrechnung Strom 2024',
    ].join('\n');
    expect(valuesOf(bill, 'ADDRESS')).toEqual(['Hauptplatz 3', '8010 Graz']);
    // [text, the address found in it]
    const blocks: [string, string][] = [
      ['M. Julien Moreau\n12 rue des Tanneurs\n69002 Lyon', '12 rue des Tanneurs\n69002 Lyon'],
      ['Sandra Keller\nRue du Lac 8. 1800 Vevey\nTel. 021 921 45 07', 'Rue du Lac 8. 1800 Vevey'],
      ['Chemin des Vignes 21\n1009 Pully', 'Chemin des Vignes 21\n1009 Pully'],
      ['BergstraBe 12\n69120 Heidelberg', 'BergstraBe 12\n69120 Heidelberg'],
      ['Mariahilfer Straße 88/14\n1070 Wien', 'Mariahilfer Straße 88/14\n1070 Wien'],
    ];
    for (const [text, address] of blocks) expect(valuesOf(text, 'ADDRESS'), text).toEqual([address]);
    // A British postcode alone on its line, a right column between it and its street.
    expect(valuesOf('4 Hyde Park Road Date 19 March 2025\nLeeds Ref. 443\nLS6 2AB', 'ADDRESS')).toContain(
      'LS6 2AB',
    );
    // A year with a heading is no postcode and place; under a street it would be.
    expect(valuesOf('2024 Annual Report\nRevenue grew.', 'ADDRESS')).toEqual([]);
  });

  it('reads a name printed in capitals, but not capitals without a given name in them', () => {
    const bill = 'JENNIFER L MARTINEZ 3 Account No. 4402-118-7730\n1840 ELM ST\nSACRAMENTO CA 95822-4410';
    expect(valuesOf(bill, 'PERSON')).toEqual(['JENNIFER L MARTINEZ']);
    expect(
      valuesOf('HIKMAH NASI KANDAR\nAMD EPYC 7763 and OTSL HTML tables\nACCOUNT SUMMARY', 'PERSON'),
    ).toEqual([]);
    // Capitals after an address on its line are its town.
    expect(valuesOf('here: 257 81 Thornton St Suite 451 HUTTON HENRY nan', 'PERSON')).toEqual([]);
  });

  it('takes a town on a laid-out page for no person, without a title or a cue', () => {
    const letter = [
      'Northgate Health NHS Trust',
      'Outpatients, St James Hospital',
      'Leeds',
      'Clinic moved from Bradford',
      'Dear Ms Helen Carter,',
      'Your appointment is on 12 May.',
      'Registered office: Amtsgericht Mannheim HRB 88412',
    ].join('\n');
    expect(valuesOf(letter, 'PERSON')).toEqual(['Helen Carter']);
    // In a sentence, and with a title, the same words can be people.
    expect(valuesOf('Kristiana: What a wife. Amy: Remember me, Chelsea?', 'PERSON')).toContain('Chelsea');
    expect(valuesOf(`${letter}\nSigned, Dr. Houston`, 'PERSON')).toContain('Houston');
  });

  it('takes no capitalised German nouns for a name, and an IBAN with a word after it', () => {
    const text =
      'Sehr geehrter Herr Hoffmann,\nmit dieser Rechnung erhalten Sie die Abrechnung Ihres Tarifs für den Zeitraum.\n' +
      'Arbeitspreis Ökostrom 2.815 kWh 902,21\nGesamt Nachzahlung 37,61\n' +
      'Der Betrag wird von Ihrem Konto abgebucht, mit der IBAN AT53 2011 1829 1746 3550 von EUR 7,90 auf EUR 8,50.';
    expect(valuesOf(text, 'PERSON')).toEqual(['Hoffmann']);
    expect(valuesOf('Zählerstand vom Juni, abgelesen im Juli.\nFreundliche Grüsse', 'PERSON')).toEqual([]);
    expect(valuesOf(text, 'IBAN')).toEqual(['AT53 2011 1829 1746 3550']);
  });

  it('does not take a place after its postcode for a person', () => {
    expect(valuesOf('Rue du Lac 1268\n2501 Biel', 'PERSON')).toEqual([]);
    expect(valuesOf('Versand ab 2501 Biel, heute', 'PERSON')).toEqual([]);
  });
});

describe('PII beyond the templates: recurrences, lower case, made-up numbers', () => {
  it('takes every recurrence of a found name, alone or possessive', () => {
    expect(valuesOf('My name is Aantje Mourik but everyone calls me Aantje', 'PERSON')).toEqual([
      'Aantje Mourik',
      'Aantje',
    ]);
    const bill =
      'Ms\nPia Rutschmann\nMarktgasse 28\n9400 Rorschach\n\nThank you, Pia. Rutschmann account 12.';
    expect(valuesOf(bill, 'PERSON')).toEqual(['Pia Rutschmann', 'Pia', 'Rutschmann']);
    // A name part that is a common word is not carried over from a weak finding.
    expect(valuesOf('Will you sign? Will Smith signs.', 'PERSON')).not.toContain('Will');
  });

  it('reads names in text typed all in lower case, without taking words for names', () => {
    expect(valuesOf('follow up with patricia desrosiers in a couple of months.', 'PERSON')).toEqual([
      'patricia desrosiers',
    ]);
    expect(valuesOf('the true gender of lilly has been under debate for years', 'PERSON')).not.toContain(
      'debate',
    );
    expect(valuesOf('please return to 45 aðalgata 37 in case of an issue.', 'ADDRESS')).toEqual([
      '45 aðalgata 37',
    ]);
  });

  it('finds names by what is said of them: subject, vocative, speaker, list after a colon', () => {
    expect(valuesOf('Dexter lives on Ziegelgasse 19 street.', 'PERSON')).toEqual(['Dexter']);
    expect(valuesOf('Warrane, can I please speak to your boss?', 'PERSON')).toEqual(['Warrane']);
    expect(valuesOf("I'm so jealous! said Gladys to Logan", 'PERSON')).toEqual(['Gladys', 'Logan']);
    expect(valuesOf('Ubul: What a wife.\nNicole: Remember me?\nJohn: You saved my life!', 'PERSON')).toEqual([
      'Ubul',
      'Nicole',
      'John',
    ]);
    expect(valuesOf('our 3 founders: Monjeau, Graves and Reed.', 'PERSON')).toEqual([
      'Monjeau',
      'Graves',
      'Reed',
    ]);
  });

  it('does not take firms of three surnames or places after "in"/"from" for persons', () => {
    expect(valuesOf('Tomomi is from Hawkins, Richardson and Santana', 'PERSON')).toEqual(['Tomomi']);
    expect(valuesOf('The Jones, Smith and Davis Orchestra was founded in 1988.', 'PERSON')).toEqual([]);
    expect(valuesOf('He grew up in Monroe. We moved here from Küsnacht', 'PERSON')).toEqual([]);
    expect(valuesOf('For my take on Miss Ramos, see below', 'PERSON')).toEqual(['Ramos']);
  });

  it('keeps receipts and prose from the new cues: labels, brands, words called out, weak finds', () => {
    const receipt =
      "McDonald's BHP Taman Melawati\nSalesperson: Date: 12/02/2018\nCashier: USER Time: 08:30\nMember: Gold Card";
    expect(valuesOf(receipt, 'PERSON')).toEqual([]);
    // A shop chain named like a person, atop a till slip, in capitals or not.
    expect(valuesOf('ALDI\nALDI SUED\nKasse 3', 'PERSON')).toEqual([]);
    expect(valuesOf('Lidl\nDatum 12.03.2020', 'PERSON')).toEqual([]);
    expect(valuesOf('I wish you knew how much we love you, Dad!', 'PERSON')).toEqual([]);
    // A lone word on a weak cue is not spread over the text.
    const prose = 'A slender state with Dubrovnik near its end. Dubrovnik has weathered it.';
    expect(valuesOf(prose, 'PERSON').filter((v) => v === 'Dubrovnik').length).toBeLessThan(2);
  });

  it('takes phone shapes whose digits no numbering plan has issued, but not other numbers', () => {
    for (const phone of [
      '+41 14 878 33 31',
      '(736)773-7386',
      '001-342-255-6599x3886',
      '(0413) 421545',
      '95.33.19.92.69',
    ])
      expect(valuesOf(`I wrote down ${phone} yesterday.`, 'PHONE_NUMBER'), phone).toEqual([phone]);
    expect(valuesOf("My driver's license number is 6940579", 'PHONE_NUMBER')).toEqual([]);
    expect(valuesOf('The total was 2 345 678 units in 2019', 'PHONE_NUMBER')).toEqual([]);
  });

  it('closes an address with its place and country, British and Canadian postcodes too', () => {
    expect(valuesOf('User: 5586 Þórunnarstræti 31, Arnsdorf, Germany', 'ADDRESS')).toEqual([
      '5586 Þórunnarstræti 31, Arnsdorf, Germany',
    ]);
    expect(valuesOf('It is 55523 Iroon Polytechniou Avenue Suite 907 Soloi Cyprus', 'ADDRESS')).toEqual([
      '55523 Iroon Polytechniou Avenue Suite 907 Soloi Cyprus',
    ]);
    expect(valuesOf('Meet me at 363 Huntly Street\nBARMOLLOCH\nUnited Kingdom', 'ADDRESS')).toEqual([
      '363 Huntly Street\nBARMOLLOCH\nUnited Kingdom',
    ]);
    expect(valuesOf('She lives at 12 Rue de Rivoli, 75001 Paris, France.', 'ADDRESS')).toEqual([
      '12 Rue de Rivoli, 75001 Paris, France',
    ]);
    expect(valuesOf('Ship to: 221B Baker Street, London NW1 6XE, United Kingdom', 'ADDRESS')).toEqual([
      '221B Baker Street, London NW1 6XE, United Kingdom',
    ]);
    expect(valuesOf('1 Main St\nOttawa ON K1A 0B1\nCanada', 'ADDRESS')).toEqual([
      '1 Main St\nOttawa ON K1A 0B1\nCanada',
    ]);
    expect(valuesOf('it is the corner of Dalbraut 99 and Frederikke Coves', 'ADDRESS')).toEqual([
      'the corner of Dalbraut 99 and Frederikke Coves',
    ]);
    expect(valuesOf('Meet me at 11 Rott Crossroad, 4390 Höfn', 'ADDRESS')).toEqual([
      '11 Rott Crossroad, 4390 Höfn',
    ]);
  });

  it('reads addresses as Malaysia, India and Japan write them, and post-office boxes of other countries', () => {
    expect(
      valuesOf(
        'Please deliver to No. 7, Jalan Kenanga 3/2, Taman Sri Muda, 40400 Shah Alam, Selangor, Malaysia.',
        'ADDRESS',
      ),
    ).toEqual(['No. 7, Jalan Kenanga 3/2, Taman Sri Muda, 40400 Shah Alam, Selangor, Malaysia']);
    expect(
      valuesOf('NO. 3, JALAN BESAR,\nTAMAN MAJU,\n81100 JOHOR BAHRU,\nJOHOR.\nMALAYSIA', 'ADDRESS'),
    ).toEqual(['NO. 3, JALAN BESAR,\nTAMAN MAJU,\n81100 JOHOR BAHRU,\nJOHOR.\nMALAYSIA']);
    expect(
      valuesOf('Our office: Level 9, Menara Hap Seng, Jalan P. Ramlee, 50250 Kuala Lumpur', 'ADDRESS'),
    ).toEqual(['Level 9, Menara Hap Seng, Jalan P. Ramlee, 50250 Kuala Lumpur']);
    expect(valuesOf('He stays at 15 Jalan Tun Razak near the park', 'ADDRESS')).toEqual([
      '15 Jalan Tun Razak',
    ]);
    expect(valuesOf('Send it to 2-4-1 Shibuya, Shibuya-ku, Tokyo 150-0002 by Friday', 'ADDRESS')).toEqual([
      '2-4-1 Shibuya, Shibuya-ku, Tokyo 150-0002',
    ]);
    expect(valuesOf('Flat 4, Plot 17, Sector 21, Gurugram, Haryana 122016', 'ADDRESS')).toEqual([
      'Flat 4, Plot 17, Sector 21, Gurugram, Haryana 122016',
    ]);
    expect(valuesOf('Returns: Nordic AB, Box 4021, 114 79 Stockholm, Sweden.', 'ADDRESS')).toEqual([
      'Box 4021, 114 79 Stockholm, Sweden',
    ]);
    expect(valuesOf('Postfach 20 11 45, 53141 Bonn', 'ADDRESS')).toEqual(['Postfach 20 11 45, 53141 Bonn']);
    expect(valuesOf('Schillerstraße 3, 2. OG, 04109 Leipzig', 'ADDRESS')).toEqual([
      'Schillerstraße 3, 2. OG, 04109 Leipzig',
    ]);
    expect(valuesOf('Calle Mayor 14, 3º B\n28013 Madrid', 'ADDRESS')).toEqual([
      'Calle Mayor 14, 3º B\n28013 Madrid',
    ]);
    expect(valuesOf('Walsh Ltd, 14 Kingsway, Cardiff, CF10 3AN, tel. 029 2087 0000', 'ADDRESS')).toEqual([
      '14 Kingsway, Cardiff, CF10 3AN',
    ]);
    expect(valuesOf('ul. Długa 5/12, 80-827 Gdańsk, Poland', 'ADDRESS')).toEqual([
      'ul. Długa 5/12, 80-827 Gdańsk, Poland',
    ]);
    expect(valuesOf("Harriet Blackwood\nFlat 2\nO'Connor Mews\nSouth Gemma\nLS1 4DT", 'ADDRESS')).toEqual([
      "Flat 2\nO'Connor Mews\nSouth Gemma\nLS1 4DT",
    ]);
    const toCooper = 'Send the contract to Mitchell Cooper at Unit 12 45 Smith Street, Port Jane, NSW 2604.';
    expect(valuesOf(toCooper, 'ADDRESS')).toEqual(['Unit 12 45 Smith Street, Port Jane, NSW 2604']);
    expect(valuesOf(toCooper, 'PERSON')).toEqual(['Mitchell Cooper']);
    // A date before lines of a letter's head is no house number.
    expect(valuesOf('19 March 2025\nLeeds Ref. 443\nLS6 2AB', 'ADDRESS')).toEqual(['LS6 2AB']);
    // Bills: a service address and the addressee's window below it after a blank line are two;
    // a bill period's date is no house number; Ireland's Eircode, Spain's "C/" and Singapore's blocks.
    expect(
      valuesOf(
        'Service Address  1914 Olive Way, Cedar Falls IA 50613\n\nRebecca Hollister\n1914 Olive Way\nCedar Falls, IA 50613',
        'ADDRESS',
      ),
    ).toEqual(['1914 Olive Way, Cedar Falls IA 50613', '1914 Olive Way\nCedar Falls, IA 50613']);
    const period = 'Bill Period: Feb 03 - Mar 02, 2024\nAshley Brooks\n915 Magnolia St\nCharlotte, NC 28203';
    expect(valuesOf(period, 'ADDRESS')).toEqual(['915 Magnolia St\nCharlotte, NC 28203']);
    expect(valuesOf(period, 'PERSON')).toEqual(['Ashley Brooks']);
    expect(valuesOf('Apt 7, The Granary, Mary Street, Clonmel, Co. Tipperary, E91 X3F2', 'ADDRESS')).toEqual([
      'Apt 7, The Granary, Mary Street, Clonmel, Co. Tipperary, E91 X3F2',
    ]);
    expect(valuesOf('C/ de Cuba 37, 4º 2ª, 46006 Valencia', 'ADDRESS')).toEqual([
      'C/ de Cuba 37, 4º 2ª, 46006 Valencia',
    ]);
    expect(
      valuesOf('Lim Wei Jie\nBlk 412 Ang Mo Kio Avenue 10\n#08-1147\nSingapore 560412', 'ADDRESS'),
    ).toEqual(['Blk 412 Ang Mo Kio Avenue 10\n#08-1147\nSingapore 560412']);
    expect(valuesOf('He met 3 people at 5 Main Street 2 days ago', 'ADDRESS')).toEqual(['5 Main Street']);
    // A list of numbered items with a figure at the end is no address.
    expect(valuesOf('Chapter 3, Part Two, Section 12', 'ADDRESS')).toEqual([]);
  });

  it('takes a Malay form of address, "Per" before a name, a town after "to" and a newspaper for what they are', () => {
    expect(valuesOf('Please call Encik Hafiz on 012-345 6789', 'PERSON')).toEqual(['Hafiz']);
    expect(valuesOf('Per Maria Lopez, the order ships Monday.', 'PERSON')).toEqual(['Maria Lopez']);
    expect(valuesOf('She moved to Osaka last year.', 'PERSON')).toEqual([]);
    expect(valuesOf('The Washington Post reported it.', 'PERSON')).toEqual([]);
    // A town's name said of a person stays one.
    expect(valuesOf('Lincoln said the vote was close.', 'PERSON')).toEqual(['Lincoln']);
    expect(valuesOf('Dear Kavitha a/p Rajesh,', 'PERSON')).toEqual(['Kavitha a/p Rajesh']);
    expect(valuesOf('Siti Nurhaliza binti Ahmad\nNo. 12, Jalan SS 2/24', 'PERSON')).toEqual([
      'Siti Nurhaliza binti Ahmad',
    ]);
    expect(valuesOf('Kenji moved to Osaka last spring.', 'PERSON')).toEqual(['Kenji']);
    expect(valuesOf('You can reach Hans-Peter Müller at 030 12345678.', 'PERSON')).toEqual([
      'Hans-Peter Müller',
    ]);
    expect(valuesOf('Ring Gareth Llewellyn on 029 2018 0456 for the keys.', 'PERSON')).toEqual([
      'Gareth Llewellyn',
    ]);
    expect(valuesOf('Hey Lukas, did you get the tickets?', 'PERSON')).toEqual(['Lukas']);
    // A shop or a firm that bears a surname is no person.
    expect(valuesOf('Bäckerei Schmidt, Marktplatz 4, 97070 Würzburg', 'PERSON')).toEqual([]);
    expect(valuesOf('Benoît Garnier, directeur commercial, Garnier et Fils SARL', 'PERSON')).toEqual([
      'Benoît Garnier',
    ]);
    const forAli = 'New shipping address for Ali Raza: Villa 23, Al Wasl Road, Jumeirah 1, Dubai, UAE.';
    expect(valuesOf(forAli, 'PERSON')).toEqual(['Ali Raza']);
    expect(valuesOf(forAli, 'ADDRESS')).toEqual(['Villa 23, Al Wasl Road, Jumeirah 1, Dubai, UAE']);
  });

  it('reads names as European mail prints them: SURNAME, Given; a title before capitals; the signer after a closing', () => {
    const cases: [string, string[]][] = [
      [
        'Polisnummer ZQ 754 806 408\nBENALI, Omar Datum 03/08/2024\nGeachte heer Benali,',
        ['BENALI, Omar', 'Benali'],
      ],
      ['Reference 907/032\nVAN DEN BROEK, Floor\nDate 2 April 2024', ['VAN DEN BROEK, Floor']],
      ['N client 81830158\nMonsieur ESPOSITO Giuseppe N de facture 1303564', ['ESPOSITO Giuseppe']],
      ['Vodafone\nDHR HENRIK BRANDT\nKerkstraat 5', ['HENRIK BRANDT']],
      ['Gentile Signor De Luca,\nabbiamo esaminato', ['De Luca']],
      ['Spouse: Pieter-Jan van den Broek\nIf you disagree', ['Pieter-Jan van den Broek']],
      ['Atentamente,\nZ. Zhang\nZhiwei Zhang\nDirector/a', ['Z. Zhang', 'Zhiwei Zhang']],
      // Given names the lists lack, vouched for by the layout, a known surname or a form of address.
      ['Date 15/11/2025\nZHOU, Xiaoling annually', ['ZHOU, Xiaoling']],
      ['Kundenkonto 634436902 HOFFMANN, Annika Rechnungsnr. MN31033720', ['HOFFMANN, Annika']],
      ['15-02-2025\nDE HEER OISIN KAVANAGH 51 jaarlijks', ['OISIN KAVANAGH']],
      ['Fecha 21 de octubre de 2024\nDña. Huiying Teo N cliente 123', ['Huiying Teo']],
      // A name given with its direct line.
      ['Your personal banker: Shuwen Zhou. direct line 416 555 0199', ['Shuwen Zhou']],
      ['Vragen over salaris: Jianguo Huang, direct nummer +31 20 123 4567', ['Jianguo Huang']],
      ['Contact: Customer Service, direct line 0800 123 456', []],
      // Words in lower case before a phone cue are a sentence, not a name.
      ['Questions?\nplease contact us, phone 0123 456 789', []],
      // A name OCR gave again without its capital and accent.
      ['Mevr. Katarzyna Wójcik\nGeachte mevrouw wojcik, wij hebben', ['Katarzyna Wójcik', 'wojcik']],
      // A town with its country, a heading, a team after a closing: no person.
      ['PARIS, France\nTOTAL, Amount due', []],
      ['Kind regards,\nCustomer Service\nAcme Ltd', []],
    ];
    for (const [text, names] of cases) expect(valuesOf(text, 'PERSON'), text).toEqual(names);
  });

  it('keeps the addressee above a street a PERSON, also over a job title or after an address label', () => {
    const card =
      'Karin M. Beike\nLeasing consultant\nFritz-Armstrong\n33787 Edington Drive\nToronto ON M5V 2T6';
    expect(valuesOf(card, 'PERSON')).toEqual(['Karin M. Beike']);
    const billing = 'Billing address: Tracy Sukhorukova\n23 Wressle Road\nPolapit Tamar 77058';
    expect(valuesOf(billing, 'PERSON')).toEqual(['Tracy Sukhorukova']);
    expect(valuesOf(billing, 'ADDRESS')).toEqual(['23 Wressle Road\nPolapit Tamar 77058']);
  });
});

describe('options, overlaps and redaction', () => {
  const text = 'Mail jane@example.com or call 415-555-2671; card 4111111111111111.';

  it('runs only the requested detectors', () => {
    expect(found(text, ['EMAIL']).map((f) => f.type)).toEqual(['EMAIL']);
    expect(found(text, ['credit_card']).map((f) => f.type)).toEqual(['CREDIT_CARD']);
    expect(found(text).map((f) => f.type)).toEqual(['EMAIL', 'PHONE_NUMBER', 'CREDIT_CARD']);
  });

  it('redacts every span with its type', () => {
    expect(redact(text, detectPii(text))).toBe('Mail [EMAIL] or call [PHONE_NUMBER]; card [CREDIT_CARD].');
  });

  it('keeps the checked finding when spans overlap, then the longer one', () => {
    const kept = resolveOverlaps([
      { type: 'PHONE_NUMBER', start: 0, end: 12, score: 0.8 },
      { type: 'CREDIT_CARD', start: 0, end: 16, score: 1 },
      { type: 'PERSON', start: 20, end: 25, score: 0.7 },
      { type: 'ADDRESS', start: 18, end: 40, score: 0.75 },
    ]);
    expect(kept.map((k) => k.type)).toEqual(['CREDIT_CARD', 'ADDRESS']);
  });

  it('never puts the raw value in a preview', () => {
    const sample =
      'Jane Doe, DOB 01/02/1980, SSN 123-45-6789, IBAN GB82WEST12345698765432, IP 10.1.2.3, lives at 12 Oak Street.';
    const findings = detectPii(sample);
    expect(findings.length).toBeGreaterThanOrEqual(6);
    for (const f of findings) expect(f.preview).not.toBe(sample.slice(f.start, f.end));
  });

  it('finds nothing in plain prose and garbage', () => {
    expect(detectPii('The quick brown fox jumps over the lazy dog.')).toEqual([]);
    expect(detectPii('@@ ## 12.5.7 ~~ 0000 0000 ||| x1y2z3')).toEqual([]);
  });
});

describe('OCR misreads in PII', () => {
  it('reads the letters OCR gives for figures inside phone numbers and postcodes', () => {
    expect(withMisreadDigits('Tel: 07700 9OO 218, (330) 555-Ol93')).toBe(
      'Tel: 07700 900 218, (330) 555-0193',
    );
    expect(withMisreadDigits('43OOO KAJANG, Old Road 1')).toBe('43000 KAJANG, Old Road 1');
    // Words stay words; a lone letter beside no figures stays.
    expect(withMisreadDigits('Oil lOl I O 12')).toBe('Oil lOl I O 12');
    expect(valuesOf('Mobile: 086 7745 2l9\nContact: 021 044 7712 / 09 420 8815', 'PHONE_NUMBER')).toEqual([
      '086 7745 2l9',
      '021 044 7712',
      '09 420 8815',
    ]);
  });

  it('reads the figures OCR gives for letters inside names and street words', () => {
    expect(withMisreadLetters('Mrs Catherine 0sborne, HANNAH L0UISE, OLIVElRA, Pich1er')).toBe(
      'Mrs Catherine Osborne, HANNAH LOUISE, OLIVEIRA, Pichler',
    );
    // Postcodes, codes and numbers stay.
    expect(withMisreadLetters('SW1A 1AA, B0X 12, AB10 1XG, 2024, CAll')).toBe(
      'SW1A 1AA, B0X 12, AB10 1XG, 2024, CAll',
    );
    expect(valuesOf('COUNCIL TAX\n\nMrs Catherine 0sborne\n12 Holly Bank', 'PERSON')).toEqual([
      'Catherine 0sborne',
    ]);
    expect(valuesOf('MR SIPHO NDLOVU\n14 PR0TEA CRESCENT\nRONDEBOSCH\nCAPE TOWN\n77OO\n', 'ADDRESS')).toEqual(
      ['14 PR0TEA CRESCENT\nRONDEBOSCH\nCAPE TOWN\n77OO'],
    );
  });

  it('takes names in capitals with initials, Malay patronymics and surnames that are words', () => {
    expect(valuesOf('ROSA M GUTIERREZ\n1420 PEACHTREE ST\n', 'PERSON')).toEqual(['ROSA M GUTIERREZ']);
    expect(valuesOf('PUAN NOR AZIZAH BINTI ISMAIL\nLOT 2281 KAMPUNG PADANG\n', 'PERSON')).toEqual([
      'NOR AZIZAH BINTI ISMAIL',
    ]);
    expect(valuesOf('Secondary account holder: MDM LIM SOOK FUN\n', 'PERSON')).toEqual(['LIM SOOK FUN']);
    expect(valuesOf('Titular: JOSE ANTONIO MARTINEZ RUIZ    NIF: 44718229-K\n', 'PERSON')).toEqual([
      'JOSE ANTONIO MARTINEZ RUIZ',
    ]);
    // A heading in capitals is no name.
    expect(valuesOf('ANNUAL STATEMENT SUMMARY\nBalance 12.00\n', 'PERSON')).toEqual([]);
  });
});

describe('caseless', () => {
  it('spells each letter in both cases and keeps escapes, groups and classes working', () => {
    const source = caseless(String.raw`(?:de l['’]|sch[üu]ler|\p{L}*nr|tel\.?|(?<=x)y)`);
    expect(source).toBe(
      String.raw`(?:[dD][eE] [lL]['’]|[sS][cC][hH][üÜuU][lL][eE][rR]|\p{L}*[nN][rR]|[tT][eE][lL]\.?|(?<=[xX])[yY])`,
    );
    const re = new RegExp(`^${source}$`, 'u');
    for (const s of ['DE L’', 'Schüler', 'SCHÜLER', 'KundenNR', 'Tel.', 'TEL']) expect(re.test(s)).toBe(true);
    expect(re.test('del')).toBe(false);
  });

  it('refuses what it cannot spell out', () => {
    expect(() => caseless('[a-z]')).toThrow(/unsupported class/);
    expect(() => caseless('(?<name>a)')).toThrow(/named group/);
  });

  it('leaves the parts outside it case-sensitive: a label in capitals, the name after it capitalised', () => {
    expect(valuesOf('CUSTOMER NAME: Pauline Okafor\nmr jones called', 'PERSON', ['PERSON'])).toEqual([
      'Pauline Okafor',
    ]);
  });
});

describe('address blocks above their postcode, and numbers that are not PII', () => {
  it('takes a flat or building line above the street', () => {
    const text = 'MR OLUWASEUN ADEYEMI\nFLAT 4\n27 CRANBROOK ROAD\nILFORD\nIG1 4PU\n\nYour bill';
    expect(valuesOf(text, 'ADDRESS')).toEqual(['FLAT 4\n27 CRANBROOK ROAD\nILFORD\nIG1 4PU']);
    const french =
      'Mme Claire Petit\nRésidence Les Tilleuls, Bât. C\n14 rue Paul-Vaillant-Couturier\n94140 Alfortville';
    expect(valuesOf(french, 'ADDRESS')).toEqual([
      'Résidence Les Tilleuls, Bât. C\n14 rue Paul-Vaillant-Couturier\n94140 Alfortville',
    ]);
  });

  it('reads a British block with no house number up to the house or street, not the name above', () => {
    const text =
      'Mr Liam Fairweather\nAshcombe Cottage\nUpper Lane\nLittle Wenham\nColchester\nCO7 6QE\n\nYour bill';
    expect(valuesOf(text, 'ADDRESS')).toEqual([
      'Ashcombe Cottage\nUpper Lane\nLittle Wenham\nColchester\nCO7 6QE',
    ]);
    expect(valuesOf(text, 'PERSON')).toEqual(['Liam Fairweather']);
    const inline =
      'Mrs. Evelyn Carrington-Smythe of The Old Rectory, Church Lane, Great Missenden, HP16 0AZ called.';
    expect(valuesOf(inline, 'ADDRESS')).toEqual(['The Old Rectory, Church Lane, Great Missenden, HP16 0AZ']);
  });

  it('reads an Irish townland block under its addressee, but not a company over its own address', () => {
    const text = "Mr Pádraig O'Connell\nCloonfad\nBallyhaunis\nCo. Mayo\nF35 HW22\n\nPolicy number: 1";
    expect(valuesOf(text, 'ADDRESS')).toEqual(['Cloonfad\nBallyhaunis\nCo. Mayo\nF35 HW22']);
    const sender = 'Emerald Power\nEmerald Power DAC, Block 4, Eastpoint Business Park, Dublin 3, D03 HX59';
    expect(valuesOf(sender, 'ADDRESS')).toEqual(['Block 4, Eastpoint Business Park, Dublin 3, D03 HX59']);
  });

  it('takes no label and its code for a place', () => {
    const text = 'PO Box 1193\nJOONDALUP DC WA 6919\n                 Assessment no.  A118204\n';
    expect(valuesOf(text, 'ADDRESS')).not.toContain('Assessment no.  A118204');
  });

  it('finds an Indian mobile with its trunk 0, and no phone, SSN or IP in a postcode, an order or a version', () => {
    expect(valuesOf('Mobile: 098765 43210', 'PHONE_NUMBER')).toEqual(['098765 43210']);
    expect(
      valuesOf('moro na Rua das Flores, 120 - Centro, São Paulo - SP, 01310-000.', 'PHONE_NUMBER'),
    ).toEqual([]);
    expect(valuesOf('Order #558-21-4473 shipped on 2023-04-12.', 'US_SSN')).toEqual([]);
    expect(valuesOf('My SSN is 558-21-4473.', 'US_SSN')).toEqual(['558-21-4473']);
    expect(valuesOf('Please upgrade the firmware to version 10.4.2.1 before Friday.', 'IP_ADDRESS')).toEqual(
      [],
    );
    expect(valuesOf('The login came from 10.4.2.1 at noon.', 'IP_ADDRESS')).toEqual(['10.4.2.1']);
  });
});

describe('names with an Irish or Italian prefix', () => {
  it("finds O'Malley after a given name, and O'CONNELL in capitals", () => {
    expect(valuesOf("Best regards,\nKatherine O'Malley\n(503) 555-0176", 'PERSON')).toEqual([
      "Katherine O'Malley",
    ]);
    expect(valuesOf("Name: MARGARET ANNE O'CONNELL | Phone: (617) 555-0119", 'PERSON')).toEqual([
      "MARGARET ANNE O'CONNELL",
    ]);
  });
});

describe('names in capitals with particles, patronymics and labels', () => {
  it('reads particles and "A/P" inside a name, in capitals and not', () => {
    expect(
      valuesOf('   KAVITHA A/P SUBRAMANIAM\n   NO. 23, JALAN SS 2/64\n   47300 PETALING JAYA', 'PERSON'),
    ).toEqual(['KAVITHA A/P SUBRAMANIAM']);
    expect(valuesOf('Kavitha a/p Subramaniam', 'PERSON')).toEqual(['Kavitha a/p Subramaniam']);
    expect(valuesOf('Kavitha A/P Subramaniam', 'PERSON')).toEqual(['Kavitha A/P Subramaniam']);
    expect(valuesOf('     MR T J VAN DER MERWE\n     PO BOX 1142', 'PERSON')).toEqual(['T J VAN DER MERWE']);
  });

  it('takes a run in capitals after a label of the person it names', () => {
    expect(
      valuesOf('Owner: THEUNIS JOHANNES VAN DER MERWE         Occupant: ELSABE VAN DER MERWE', 'PERSON'),
    ).toEqual(['THEUNIS JOHANNES VAN DER MERWE', 'ELSABE VAN DER MERWE']);
    expect(valuesOf('Co-registered owner per DMV: TANYA M WILLIAMS-OKAFOR', 'PERSON')).toEqual([
      'TANYA M WILLIAMS-OKAFOR',
    ]);
  });
});

describe('phone numbers and IBANs as OCR reads them on bills', () => {
  it('reads S for 5 and B for 8 inside a phone number, not in a postcode', () => {
    expect(valuesOf('Mobile No.     : 98201 4S673', 'PHONE_NUMBER')).toEqual(['98201 4S673']);
    expect(valuesOf('Tel. 0171 234S678', 'PHONE_NUMBER')).toEqual(['0171 234S678']);
    expect(valuesOf('Chesterfield Road, Sheffield S10 2JF', 'ADDRESS')).toEqual([
      'Chesterfield Road, Sheffield S10 2JF',
    ]);
  });

  it('knows more cue words, a dash set apart after the trunk code, and a second number beside a first', () => {
    expect(valuesOf('Telefoonnummer bij ons bekend: 070 - 345 67 89', 'PHONE_NUMBER')).toEqual([
      '070 - 345 67 89',
    ]);
    expect(
      valuesOf('  Telemóvel 913 482 716        Tarifário Ilimitado      14,99 €', 'PHONE_NUMBER'),
    ).toEqual(['913 482 716']);
    expect(valuesOf('Contact number on record: 9O12 7745         9l84 3306', 'PHONE_NUMBER')).toEqual([
      '9O12 7745',
      '9l84 3306',
    ]);
    expect(
      valuesOf('Hemi Parata - (09) 555 0123 - 52 Ponsonby Road, Grey Lynn, Auckland 1011', 'PHONE_NUMBER'),
    ).toEqual(['(09) 555 0123']);
  });

  it('reads an IBAN with a letter for a figure in its check digits or account, not in its bank code', () => {
    expect(valuesOf('Abbuchung von NL11 INGB 0007 2846 l9 am 3.5.', 'IBAN')).toEqual([
      'NL11 INGB 0007 2846 l9',
    ]);
    expect(valuesOf('IBAN PT5l 0035 0083 0000 4318 2967 1', 'IBAN')).toEqual([
      'PT5l 0035 0083 0000 4318 2967 1',
    ]);
  });
});

describe('names over their address block, after "c/o" and under labels of liability', () => {
  it('reads a name in capitals over its address, not a shop in capitals', () => {
    const text =
      'Payment Due     23 Apr 2024\n  TAN WEI MING\n  BLK 418 ANG MO KIO AVENUE 10\n  #08-1127\n  SINGAPORE 560418';
    expect(valuesOf(text, 'PERSON')).toEqual(['TAN WEI MING']);
    expect(valuesOf('KEDAI RUNCIT AH KOW\nNO. 5, JALAN SS 2/4,\n47300 PETALING JAYA', 'PERSON')).toEqual([]);
  });

  it('takes the name after "c/o" and after "Liable person(s):"', () => {
    expect(
      valuesOf('Herrn\nJonas Petersen\nc/o Meike Brandt\nSchanzenstraße 23,\n20357 Hamburg', 'PERSON'),
    ).toEqual(['Jonas Petersen', 'Meike Brandt']);
    expect(
      valuesOf('Liable person(s): DAMILOLA OKONKWO-BAPTISTE        RAKEL LINDQVIST', 'PERSON'),
    ).toContain('DAMILOLA OKONKWO-BAPTISTE');
  });
});

describe('British and Irish blocks as they are printed', () => {
  it('runs over a street whose name is a surname and the post town in capitals', () => {
    const text =
      '   MRS HEATHER ANNE QU1GLEY\n   Ivy Cottage\n   Whitchurch Lane\n   Little Marl0w\n   MARLOW\n   SL7 3QZ';
    expect(valuesOf(text, 'ADDRESS')).toEqual([
      'Ivy Cottage\n   Whitchurch Lane\n   Little Marl0w\n   MARLOW\n   SL7 3QZ',
    ]);
    const county =
      'Mrs Fiona St John-Hargreaves\nThe Old Rectory\nChurch Street\nMuch Wenlock\nShropshire\nTF13 6AB';
    expect(valuesOf(county, 'ADDRESS')).toEqual([
      'The Old Rectory\nChurch Street\nMuch Wenlock\nShropshire\nTF13 6AB',
    ]);
  });

  it('closes an Irish block at its county line when no Eircode is printed', () => {
    const text =
      '8 September 2023\n\nNiamh Fitzgerald\nCarrowkeel\nBallycarra\nCastlebar\nCo. Mayo\n\nDear Niamh,';
    expect(valuesOf(text, 'ADDRESS')).toEqual(['Carrowkeel\nBallycarra\nCastlebar\nCo. Mayo']);
  });
});

describe('months are no names', () => {
  it('takes no "Dec" or "Mar" beside a day or a year for a person', () => {
    expect(valuesOf('Bill period      12 Dec 2023 - 11 Mar 2024', 'PERSON')).toEqual([]);
  });
});

describe('places named like people', () => {
  it('takes no station, street or county for a person, but keeps a surname that is a place word', () => {
    expect(valuesOf('The marathon ran from Victoria Station to Abbey Road.', 'PERSON')).toEqual([]);
    expect(valuesOf('Washington and Jefferson counties reported heavy rain.', 'PERSON')).toEqual([]);
    expect(valuesOf('Jenny Park called.', 'PERSON')).toEqual(['Jenny Park']);
  });
});

describe('forms of address and labels of more languages', () => {
  it('takes the name after Afrikaans, Indonesian, Czech and Dutch forms of address', () => {
    expect(valuesOf('     MNR J.H. VAN DER MERVVE\n     POSBUS 1187', 'PERSON')).toEqual([
      'J.H. VAN DER MERVVE',
    ]);
    expect(valuesOf('No. HP orang tua: 0812-3456-7890 (Ibu Maya)', 'PERSON')).toEqual(['Maya']);
    expect(valuesOf('Vážený pane Kratochvíle, nové zálohy činí 1 450 Kč.', 'PERSON')).toEqual([
      'Kratochvíle',
    ]);
    expect(valuesOf('Beste mevrouw De Wit-Bakker,', 'PERSON')).toEqual(['De Wit-Bakker']);
  });

  it('keeps the particles between a form of address and the surname', () => {
    expect(valuesOf('Geagte Mnr van der Merwe / Dear Mr van der Merwe', 'PERSON')).toEqual([
      'van der Merwe',
      'van der Merwe',
    ]);
  });

  it('reads a name after "Leerling:" and "Nama siswa :", and O\' read as a zero', () => {
    expect(valuesOf('Leerling: Wout De Smedt', 'PERSON')).toEqual(['Wout De Smedt']);
    expect(valuesOf('Nama siswa : Aurelia Putri Kusuma', 'PERSON')).toEqual(['Aurelia Putri Kusuma']);
    expect(valuesOf("   MR & MRS J P 0'DONNELL", 'PERSON')).toEqual(["J P 0'DONNELL"]);
  });

  it('ends a labelled name at a column beside it, and reads a second number past the first one’s label', () => {
    expect(
      valuesOf('Nama siswa : Aurelia Putri Kusuma            Kelas: 5B       NIS: 2020.0447', 'PERSON'),
    ).toEqual(['Aurelia Putri Kusuma']);
    expect(valuesOf('Contact : 98220 31477 (self)       97300 55 218 (son)', 'PHONE_NUMBER')).toEqual([
      '98220 31477',
      '97300 55 218',
    ]);
  });
});

describe('blocks of other countries', () => {
  it('takes the unit line with a column beside it on its own, and a lot before the number', () => {
    const text =
      '  FLAT 4B HAREWOOD HOUSE                   Bill date        11 March 2024\n  27 VICTORIA STREET\n  LEEDS\n  LS6 2QT\n';
    expect(valuesOf(text, 'ADDRESS')).toEqual([
      'FLAT 4B HAREWOOD HOUSE',
      '27 VICTORIA STREET\n  LEEDS\n  LS6 2QT',
    ]);
    expect(valuesOf('  Ms Jane Hill\n  Lot 7 Wattle Creek Road\n  BUNGENDORE NSW 2621\n', 'ADDRESS')).toEqual(
      ['Lot 7 Wattle Creek Road\n  BUNGENDORE NSW 2621'],
    );
  });

  it('reads a New Zealand rural block and an Afrikaans post box', () => {
    const nz = '  Tama Rangihuna\n  Waiotahe Valley Road\n  RD 1\n  Opotiki 3197\n\nInvoice date 14 Aug 2024';
    expect(valuesOf(nz, 'ADDRESS')).toEqual(['Waiotahe Valley Road\n  RD 1\n  Opotiki 3197']);
    expect(valuesOf('     POSBUS 1187\n     HERMANUS\n     7200\n\nDate:', 'ADDRESS')).toEqual([
      'POSBUS 1187\n     HERMANUS\n     7200',
    ]);
    expect(valuesOf('Total 2500\nPage 1234\nInvoice 4471', 'ADDRESS')).toEqual([]);
  });
});

describe('phone cues of more languages', () => {
  it('reads a number after Norwegian, Polish and Spanish cue words', () => {
    expect(valuesOf('Vi har registrert mobilnummeret ditt som 912 34 567 og e-post', 'PHONE_NUMBER')).toEqual(
      ['912 34 567'],
    );
    expect(valuesOf('Kontakt telefoniczny podany w zeznaniu: 6O1 234 567.', 'PHONE_NUMBER')).toEqual([
      '6O1 234 567',
    ]);
    expect(valuesOf('Línea adicional 612 345 678          8,00 €', 'PHONE_NUMBER')).toEqual(['612 345 678']);
  });
});

describe('columns side by side, and places that read as names', () => {
  it('reads two address windows side by side as two columns', () => {
    const text = [
      'DELIVER TO:                               INVOICE TO:',
      'Ms Chl0e Abernethy                        Mr Fraser Abernethy',
      'Flat 11, Marlowe House                    9 Kirkgate Mews',
      '3 Canal Wharf                             OTLEY',
      'LEEDS                                     LS21 3HP',
      'LS11 5PZ',
    ].join('\n');
    expect(valuesOf(text, 'ADDRESS')).toEqual([
      'Flat 11, Marlowe House',
      '9 Kirkgate Mews',
      '3 Canal Wharf',
      'OTLEY',
      'LEEDS',
      'LS21 3HP',
      'LS11 5PZ',
    ]);
  });

  it('keeps a QR-bill’s receipt and payment part apart, and the box beside a window out', () => {
    const qr = [
      'Payable by                                        Additional information',
      '0livia Brunner                                    Invoice 2024-03318',
      'Hegibachstrasse 45                                Payable by',
      '8032 Zürich                                     Olivia Brunner',
      'Currency   Amount                               Hegibach strasse 45',
      'CHF        486.35                               8032 Zürich',
    ].join('\n');
    expect(valuesOf(qr, 'ADDRESS')).toEqual([
      'Hegibachstrasse 45',
      '8032 Zürich',
      'Hegibach strasse 45',
      '8032 Zürich',
    ]);
    expect(valuesOf(qr, 'PERSON')).toEqual(['0livia Brunner', 'Olivia Brunner']);
    const letter = [
      'Herrn Lukas Brandt                                  Mieternummer   4471-03-12',
      'Frau Jana Petrović                                  Objekt         Gutenbergstr. 41',
      'Gutenbergstraße 41                                  Ansprechpartner  Herr Wolf',
      '90461 Nürnberg                                      Telefon 0911 44 71-215',
    ].join('\n');
    expect(valuesOf(letter, 'PERSON')).toEqual(['Lukas Brandt', 'Jana Petrović', 'Wolf']);
    expect(valuesOf(letter, 'ADDRESS')).toEqual(['Gutenbergstr. 41', 'Gutenbergstraße 41', '90461 Nürnberg']);
  });

  it('ends a sender’s block at the addressee’s form of address', () => {
    const text =
      'Stadtwerke Lindenau GmbH · Postfach 12 04 · 04003 Leipzig\nHerrn\nDr. Klaus-Peter von Hagen\nKarl-Liebknecht-Straße 88\n04275 Leipzig';
    expect(valuesOf(text, 'PERSON')).toEqual(['Klaus-Peter von Hagen']);
    expect(valuesOf(text, 'ADDRESS')).toEqual([
      'Postfach 12 04 · 04003 Leipzig',
      'Karl-Liebknecht-Straße 88\n04275 Leipzig',
    ]);
  });

  it('takes no town, lake or company for a person, nor a role after a name', () => {
    for (const text of [
      'Lake Jessica is a popular destination for families in the summer.',
      'The train from Bad Kathrin to München leaves at 07:42.',
      'Mietspiegel der Stadt Nürnberg 2023',
      'Sitz Nürnberg, AG Nürnberg HRB 22 871',
      'Carvalho Ltda. está contratando engenheiros.',
      'Conti SPA and Ferraro s.r.l. signed a partnership agreement.',
    ])
      expect(valuesOf(text, 'PERSON'), text).toEqual([]);
    expect(valuesOf('Thomas Wolf, Bestandsmanagement', 'PERSON')).toEqual(['Thomas Wolf']);
    expect(
      valuesOf('IBAN DE40 7605 0101 0012 4478 09 (Kontoinhaber Lukas Brandt) eingezogen.', 'PERSON'),
    ).toEqual(['Lukas Brandt']);
    expect(
      valuesOf('Ticket #27160: Lucas da Silva reports that the router keeps rebooting.', 'PERSON'),
    ).toEqual(['Lucas da Silva']);
  });
});

describe('names in windows beside a box, and misread figures in names', () => {
  it('reads a name with a 5 for its S, and the name over a window beside a box, not a letterhead', () => {
    expect(valuesOf('Laura Fi5cher                 BALANCE DUE       $238.00', 'PERSON')).toEqual([
      'Laura Fi5cher',
    ]);
    expect(valuesOf('De heer R. 5mit', 'PERSON')).toEqual(['R. 5mit']);
    const window = [
      'ETIENNE GAGNON-ROY                                Account number   7731 0582 4410',
      'APT 1507                                          Bill date        2024-02-20',
      '300 METCALFE ST                                   Amount due       $126.58',
      'OTTAWA ON  K2P 1S1                                Due date         2024-03-12',
    ].join('\n');
    expect(valuesOf(window, 'PERSON')).toEqual(['ETIENNE GAGNON-ROY']);
    const letterhead = [
      'AIRE VALLEY WATER                                   www.airevalleywater.co.uk',
      'PO Box 419  Bradford  BD1 9XW                       Customer line: 0345 600 2218',
    ].join('\n');
    expect(valuesOf(letterhead, 'PERSON')).toEqual([]);
  });

  it('reads a Polish "Pana" as a form of address, and no greeting or parent for a name', () => {
    expect(valuesOf('dla Pani oraz współposiadacza Pana Marcina Kowala.', 'PERSON')).toEqual([
      'Marcina Kowala',
    ]);
    expect(valuesOf('Kia ora Aroha, your bill is $201.35.', 'PERSON')).not.toContain('Kia');
    expect(valuesOf('Dear Parent/Carer of Amelia Hart-Jones (Year 4 Oak),', 'PERSON')).not.toContain(
      'Parent',
    );
  });
});

describe('IBANs as OCR and countries write them', () => {
  it('reads a bank code with a figure for a letter, and an Italian IBAN in its own grouping', () => {
    expect(valuesOf('IBAN NL91 RAB0 0417 1643 00 for the direct debit', 'IBAN')).toEqual([
      'NL91 RAB0 0417 1643 00',
    ]);
    expect(valuesOf('IBAN IT04 W 05387 02400 000004417720', 'IBAN')).toEqual([
      'IT04 W 05387 02400 000004417720',
    ]);
    // A grouping of its own needs its check digits to hold.
    expect(valuesOf('IBAN IT05 W 05387 02400 000004417720', 'IBAN')).toEqual([]);
  });
});

describe('a window beside a ragged column', () => {
  it('reads the window’s lines though the box beside it starts a few characters apart on each line', () => {
    const text = [
      'Mr Anth0ny Leclerc                                   Our ref  SAV/CH/2024/118',
      'Mrs Deb0rah Lec1erc                              Date  27 February 2O24',
      'The Old Forge, 3 Mi1l Lane                           Account  Easy Access Saver (Issue 9)',
      'Great Bardfield                               Account no.  ****7731',
      'Braintree',
      'CM7 4SR',
    ].join('\n');
    expect(valuesOf(text, 'ADDRESS').join(' | ')).toContain('Great Bardfield');
  });
});

describe('a patronymic after "from"', () => {
  it('reads "bin" inside a name after "from" as the name’s, not a place’s particle', () => {
    expect(
      valuesOf('Message from Khalid bin Saeed: the shipment cleared customs in Jeddah.', 'PERSON'),
    ).toEqual(['Khalid bin Saeed']);
  });
});

describe('names of New Zealand and Malaysia, and titles before initials (#12, 2026-12-08)', () => {
  it('reads Māori names, the particle "Te" inside them, and two names joined by "&"', () => {
    expect(valuesOf('Kia ora Aroha Te Whata, your renewal is due.', 'PERSON')).toEqual(['Aroha Te Whata']);
    expect(valuesOf('   Tama Rangihuna & Aroha Rangihuna\n   Waiotahe Valley Road', 'PERSON')).toEqual([
      'Tama Rangihuna',
      'Aroha Rangihuna',
    ]);
    // A firm's surnames joined by "&" stay a firm.
    expect(valuesOf('Audited by Ernst & Young and Marks & Spencer.', 'PERSON')).toEqual([]);
  });

  it('reads OCR’s figures in the short words of Malay and Chinese names, not in numbers', () => {
    expect(valuesOf('Pelanggan: MUHAMMAD FAIZ B1N ROSLI', 'PERSON')).toEqual(['MUHAMMAD FAIZ B1N ROSLI']);
    expect(valuesOf('Name: N00R AZLINA BINTI OMAR', 'PERSON')).toEqual(['N00R AZLINA BINTI OMAR']);
    expect(valuesOf('ul. Marii Konopnickiej 7 m. 12\n05-500 Piaseczno', 'ADDRESS')).toEqual([
      'ul. Marii Konopnickiej 7 m. 12\n05-500 Piaseczno',
    ]);
  });

  it('leaves French "M.", Spanish "D." and German "i. A." out of the name after them', () => {
    expect(valuesOf('M. Julien Marchetti', 'PERSON')).toEqual(['Julien Marchetti']);
    expect(valuesOf('D. Alejandro Ferrer Navarro', 'PERSON')).toEqual(['Alejandro Ferrer Navarro']);
    expect(valuesOf('i. A. Tobias Ammann', 'PERSON')).toEqual(['Tobias Ammann']);
  });

  it('takes no institution of a letterhead for a person, nor the town after "San"', () => {
    const text = [
      'Stadtwerke Auental GmbH · Postfach 11 04 20 · 34001 Kassel',
      'Alpina Gesundheitskasse',
      'Kreissparkasse Oberwald · Marktplatz 3 · 56410 Montabaur',
      'City/State/ZIP: San Antonio, TX 78249',
    ].join('\n');
    expect(valuesOf(text, 'PERSON')).toEqual([]);
  });
});

describe('addresses of Brazil, Mexico, France and Spain, and e-mails with a comma (#12, 2026-12-08)', () => {
  it('reads the quarter, postcode, town and state after a Brazilian or Mexican street', () => {
    expect(
      valuesOf(
        'home address Rua Thiago Almeida, 859, Bela Vista, 76600-940 Goiânia / GO, card on file',
        'ADDRESS',
      ),
    ).toEqual(['Rua Thiago Almeida, 859, Bela Vista, 76600-940 Goiânia / GO']);
    expect(
      valuesOf('at Rua Sete de Setembro, 1306, Vila Nova, 28214-688 Rio de Janeiro / RJ.', 'ADDRESS'),
    ).toEqual(['Rua Sete de Setembro, 1306, Vila Nova, 28214-688 Rio de Janeiro / RJ']);
    expect(
      valuesOf('Av. Insurgentes Sur 1447, Col. Insurgentes Mixcoac, C.P. 03920, CDMX', 'ADDRESS'),
    ).toEqual(['Av. Insurgentes Sur 1447, Col. Insurgentes Mixcoac, C.P. 03920, CDMX']);
  });

  it('reads a street word in lower case before its name, and Spanish and Dutch street words', () => {
    expect(valuesOf('mailed to chemin de la Paix 95, 44932 Nantes.', 'ADDRESS')).toEqual([
      'chemin de la Paix 95, 44932 Nantes',
    ]);
    expect(
      valuesOf('lives at Camino de la Constitución 47, Piso 7, 28785 Madrid and can', 'ADDRESS'),
    ).toEqual(['Camino de la Constitución 47, Piso 7, 28785 Madrid']);
    expect(valuesOf('reported a leak at Stationshof 120 and', 'ADDRESS')).toEqual(['Stationshof 120']);
    // A station is no street, nor a place where something takes place.
    expect(valuesOf('Vom Bahnhof 3 Minuten. The event will take place on Friday 24.', 'ADDRESS')).toEqual([]);
  });

  it('reads an e-mail address whose last dot OCR read as a comma', () => {
    expect(valuesOf('E-mail: pawel.nowakowski@onet,pl', 'EMAIL')).toEqual(['pawel.nowakowski@onet,pl']);
    expect(valuesOf('or at l.haworth@callowaylogistics,co.uk', 'EMAIL')).toEqual([
      'l.haworth@callowaylogistics,co.uk',
    ]);
    expect(valuesOf('write to a@b.com, de la part de', 'EMAIL')).toEqual(['a@b.com']);
  });
});

describe('a twelfth set of bills and letters (#12, 2026-12-08)', () => {
  it('reads no phone in a supply point’s, a tax file’s, a meter’s or a booking’s number, nor in a bank account', () => {
    const text = [
      'NMI: 4102 8833 06',
      'Tax file number: 402 118 775',
      'PDL : 0922 4417 5508 31',
      'Meter serial number: E10K 0334 781',
      'BTW BE 0712.448.209',
      'N. prenotazione: 2024/118447',
      'Pay by internet banking to 02-0300-0419422-00, reference 00318/442.00.',
      'Okres rozliczeniowy: 01.02-31.03.2024',
    ].join('\n');
    expect(valuesOf(text, 'PHONE_NUMBER')).toEqual([]);
  });

  it('reads Australia’s 13 numbers after a cue, and a Portuguese customer line and the number beside it', () => {
    expect(
      valuesOf('Phone: 13 41 97\n13 22 58 (Mon-Fri 8am-6pm)\nWe sold 13 22 58 units', 'PHONE_NUMBER'),
    ).toEqual(['13 41 97', '13 22 58']);
    expect(valuesOf('Linha cliente 255 410 220 · Avarias 800 204 417', 'PHONE_NUMBER')).toEqual([
      '255 410 220',
      '800 204 417',
    ]);
  });

  it('reads two signers side by side, a name a column after a phone, and a name over a window beside a box', () => {
    expect(
      valuesOf(
        'Cordiali saluti\n\nGiorgio Pedrazzini                               Michela Gianella\nDirettore                                        Consulente',
        'PERSON',
      ),
    ).toEqual(['Giorgio Pedrazzini', 'Michela Gianella']);
    expect(valuesOf('(614) 555-0142   Keisha Watkins       Unlimited Plus', 'PERSON')).toEqual([
      'Keisha Watkins',
    ]);
    expect(
      valuesOf(
        'Invoice\n\nAroha Parata                                     Due date: 20 Nov 2024\n14 Kauri Street\nWhangarei 0112',
        'PERSON',
      ),
    ).toEqual(['Aroha Parata']);
    expect(valuesOf('Re: Ava Lindqvist, Grade 7, Homeroom 214', 'PERSON')).toEqual(['Ava Lindqvist']);
    expect(valuesOf('Bank\n\nM. Julien Marchetti\n12 rue des Lilas\n75011 Paris', 'PERSON')).toEqual([
      'Julien Marchetti',
    ]);
  });

  it('reads names after an adviser’s, a parent’s, a patient’s and a signature’s labels', () => {
    const text = [
      'Parent/carer name:   Joanne Metcalfe',
      'Votre conseillère : Amandine Roux',
      'Assistito:       BERETTA GIANLUCA',
      'Matka: Magdalena Nowakowska',
    ].join('\n');
    expect(valuesOf(text, 'PERSON')).toEqual([
      'Joanne Metcalfe',
      'Amandine Roux',
      'BERETTA GIANLUCA',
      'Magdalena Nowakowska',
    ]);
  });

  it('reads post boxes, Dutch and Italian streets, Irish counties, Canadian numbered streets and towns after "St." or "sul"', () => {
    expect(valuesOf('Apartado de Correos 4471, 28080 Madrid', 'ADDRESS')).toEqual([
      'Apartado de Correos 4471, 28080 Madrid',
    ]);
    expect(valuesOf('Nieuwe Gracht 88 A\n3511 LX Utrecht', 'ADDRESS')).toEqual([
      'Nieuwe Gracht 88 A\n3511 LX Utrecht',
    ]);
    expect(valuesOf('VIALE DELLA REPUBBLICA 22/B\n20121 MILANO\nSHIPPED VIA UPS 2 DAYS', 'ADDRESS')).toEqual([
      'VIALE DELLA REPUBBLICA 22/B\n20121 MILANO',
    ]);
    expect(valuesOf('branch at 12 Church Street, Athlone, Co. Westmeath.', 'ADDRESS')).toEqual([
      '12 Church Street, Athlone, Co. Westmeath',
    ]);
    expect(valuesOf('6623 112 Street NW', 'ADDRESS')).toEqual(['6623 112 Street NW']);
    expect(valuesOf('Office: 1800 - 10303 Jasper Avenue NW', 'ADDRESS')).toEqual([
      '1800 - 10303 Jasper Avenue NW',
    ]);
    expect(valuesOf('wohnhaft: Hauptplatz 9, 3100 St. Pölten', 'ADDRESS')).toEqual([
      'Hauptplatz 9, 3100 St. Pölten',
    ]);
    expect(valuesOf('Piazza Castello 1, 37069 Villafranca sul Mincio (VR)', 'ADDRESS')).toEqual([
      'Piazza Castello 1, 37069 Villafranca sul Mincio (VR)',
    ]);
    expect(
      valuesOf('Your previous address, 9 Moorside Close, Todmorden 0L14 6RD, has been', 'ADDRESS'),
    ).toEqual(['9 Moorside Close, Todmorden 0L14 6RD']);
    // A phone's last group before a street is no suite's number.
    expect(valuesOf('Hemi - (09) 555 0123 - 52 Ponsonby Road, Grey Lynn, Auckland 1011', 'ADDRESS')).toEqual([
      '52 Ponsonby Road, Grey Lynn, Auckland 1011',
    ]);
  });
});

describe('sentences of a sixth set, and numbers beside addresses (#12, 2026-12-08)', () => {
  it('ends a phone number at a comma and an address after a cue at a phone’s label or a semicolon', () => {
    const text = 'Emergency contact: Rachel Donovan, +1-312-884-0921, 1540 W Addison St, Chicago, IL 60613.';
    expect(valuesOf(text, 'PHONE_NUMBER')).toEqual(['+1-312-884-0921']);
    expect(valuesOf(text, 'ADDRESS')).toEqual(['1540 W Addison St, Chicago, IL 60613']);
    expect(
      valuesOf('Address: Nørrebrogade 88, 2. th., 2200 København N, tlf. 35 82 14 69', 'ADDRESS'),
    ).toEqual(['Nørrebrogade 88, 2. th., 2200 København N']);
    expect(
      valuesOf(
        'Our office is at Level 8, 60 Queen Street, Auckland 1010; reception is 09 379 4412.',
        'ADDRESS',
      ),
    ).toEqual(['Level 8, 60 Queen Street, Auckland 1010']);
    // A phone's last group is no house number before the street after it.
    const contact =
      'Emergency contact: Hannah Wright (mother), 07823 551 096, 5 Church Lane, Little Haddon, CB8 2QW';
    expect(valuesOf(contact, 'ADDRESS')).toEqual(['5 Church Lane, Little Haddon, CB8 2QW']);
  });

  it('reads national numbers in one run after "on" or in brackets, and Spanish mobiles in threes, not a SIREN', () => {
    expect(valuesOf('Please contact Léa Dubois in accounts payable on 0192085272.', 'PHONE_NUMBER')).toEqual([
      '0192085272',
    ]);
    expect(
      valuesOf('My colleague can be reached at moreno60@example.es or 645 036 004.', 'PHONE_NUMBER'),
    ).toEqual(['645 036 004']);
    expect(
      valuesOf('Volta Énergie SA - RCS Lyon 812 447 120\nOrg.nr. 914 471 208 MVA', 'PHONE_NUMBER'),
    ).toEqual([]);
  });

  it('reads Portugal’s postcode and town after a street, the addressee before "is", and a block up to a blank line', () => {
    expect(valuesOf('Please send it to Rua das Flores, 112, 4050-262 Porto, or call us.', 'ADDRESS')).toEqual(
      ['Rua das Flores, 112, 4050-262 Porto'],
    );
    const moved =
      'The new address for Mackenzie Bouchard is 2412 Maple Leaf Road, East Mackenzieville, NS B9H 2U2, phone 555.';
    expect(valuesOf(moved, 'PERSON')).toEqual(['Mackenzie Bouchard']);
    expect(
      valuesOf(
        'Local de consumo: Rua da Boavista 48, 2.º Esq., 4600-077 Amarante\n\nLeitura anterior 1214 m3 (real)',
        'ADDRESS',
      ),
    ).toEqual(['Rua da Boavista 48, 2.º Esq., 4600-077 Amarante']);
  });
});

describe('bills and letters of an eighth set (#12, 2026-12-08)', () => {
  it('closes a street, postcode and town line, and reads no postcode in a phone number', () => {
    expect(
      valuesOf(
        'WN ENERGIE GmbH\nPottendorfer Straße 110, 2700 Wiener Neustadt\nKundenservice 02622 300 500',
        'ADDRESS',
      ),
    ).toEqual(['Pottendorfer Straße 110, 2700 Wiener Neustadt']);
  });

  it('reads names after a pharmacist’s, a handler’s, a Finnish patient’s and an applicant’s labels', () => {
    const text = [
      'PHARMACIST: D. OKONKWO, RPh',
      'Behandeld door: S. van der Linden',
      'Potilas: Mikko Lehtinen',
      'CLIENTE: ANA CAROLINA DE SOUZA MENDES',
      '1. Full name of applicant : ROHAN ANIL DESHPANDE',
    ].join('\n');
    expect(valuesOf(text, 'PERSON')).toEqual([
      'D. OKONKWO',
      'S. van der Linden',
      'Mikko Lehtinen',
      'ANA CAROLINA DE SOUZA MENDES',
      'ROHAN ANIL DESHPANDE',
    ]);
  });

  it('reads Brazil’s dash-separated quarter, town and CEP, Italian streets in capitals and Czech postcodes', () => {
    expect(
      valuesOf('Rua Padre Chagas, 415 - Moinhos de Vento - Porto Alegre/RS - CEP 90570-080', 'ADDRESS'),
    ).toEqual(['Rua Padre Chagas, 415 - Moinhos de Vento - Porto Alegre/RS - CEP 90570-080']);
    expect(valuesOf('residente in VIA MONTEBELLO 44/B - 43123 PARMA (PR)', 'ADDRESS')).toEqual([
      'VIA MONTEBELLO 44/B - 43123 PARMA (PR)',
    ]);
    expect(valuesOf('Firma s.r.o., Průmyslová 1188, 530 09 Pardubice, IČO 25918834', 'ADDRESS')).toEqual([
      'Průmyslová 1188, 530 09 Pardubice',
    ]);
  });

  it('reads house numbers with stairs and doors or a Roman floor, French units, Australia’s bags and an initial in a street', () => {
    expect(valuesOf('Neunkirchner Straße 72/3/14', 'ADDRESS')).toEqual(['Neunkirchner Straße 72/3/14']);
    expect(valuesOf('Van Lennepkade 88-II\n1053 ND Amsterdam', 'ADDRESS')).toEqual([
      'Van Lennepkade 88-II\n1053 ND Amsterdam',
    ]);
    expect(valuesOf('Point de desserte : 14 rue Nationale, Bât. C, apt 32, 37000 Tours', 'ADDRESS')).toEqual([
      '14 rue Nationale, Bât. C, apt 32, 37000 Tours',
    ]);
    expect(valuesOf('L0cked Bag 3310, Parramatta NSW 2124', 'ADDRESS')).toEqual([
      'L0cked Bag 3310, Parramatta NSW 2124',
    ]);
    expect(
      valuesOf('Kirchberg S.à r.l., 8, avenue John F. Kennedy, L-1855 Luxembourg - RCS B 118 204', 'ADDRESS'),
    ).toEqual(['8, avenue John F. Kennedy, L-1855 Luxembourg']);
  });
});

describe('words that are no one, and a room that is no address (#12, 2026-12-08)', () => {
  it('reads no person in hyphened words, a card’s brand or the word before an e-mail address', () => {
    expect(valuesOf('Check-in is from 3pm and check-out is at 11am.', 'PERSON')).toEqual([]);
    expect(valuesOf("I'd like to pay with Discover, number 6011-8839-2004-5716.", 'PERSON')).toEqual([]);
    expect(valuesOf('Update on ticket: customer m.oconnor@eircom.net confirms it.', 'EMAIL')).toEqual([
      'm.oconnor@eircom.net',
    ]);
    // A double name with its particle stays a name.
    expect(valuesOf('Patient: Marloes Smit-de Wit', 'PERSON')).toEqual(['Marloes Smit-de Wit']);
  });

  it('takes no firm’s name in capitals over its address for a person', () => {
    expect(
      valuesOf('WIENER NEUSTÄDTER ENERGIE AG\nPottendorfer Straße 110, 2700 Wiener Neustadt', 'PERSON'),
    ).toEqual([]);
    expect(valuesOf('BANQUE POPULAIRE DU MORVAN\n12 rue des Lilas\n58000 Nevers', 'PERSON')).toEqual([]);
    expect(valuesOf('TAN WEI MING\nBLK 418 ANG MO KIO AVENUE 10\nSINGAPORE 560418', 'PERSON')).toEqual([
      'TAN WEI MING',
    ]);
  });

  it('takes no role after a name, no service after "Customer", no county after "Co." for a person', () => {
    const text = [
      "Here's your bill for the last three months.",
      'Branch: Co. Kildare',
      'Operations Supervisor, reporting to Lorraine Pike, Director of Operations, or such',
      'Head of Customer Care',
      'Dept: Fabrication',
    ].join('\n');
    expect(valuesOf(text, 'PERSON')).toEqual(['Lorraine Pike']);
  });

  it('takes no room’s number for an address after "return … to"', () => {
    expect(valuesOf('Could Callum please return the projector to room 3B?', 'ADDRESS')).toEqual([]);
  });
});

describe('a huge text full of names', () => {
  it('finds every name of 130,000 lines without overflowing the stack', () => {
    const text = 'Jane Roe   Account 123\n'.repeat(130_000);
    expect(detectPii(text).filter((f) => f.type === 'PERSON')).toHaveLength(130_000);
  }, 60_000);
});
