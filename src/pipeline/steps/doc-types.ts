// The document types Docket knows without being told: names (with synonyms in English, French,
// German and a few more, by which a caller's category is matched to a type), text cues (phrases
// and field labels, weighted by how surely they mean the type) and patterns (MRZ lines, IBANs,
// "Page x of y", transaction rows) that the words alone do not show. Weights: 3 = the document
// names itself ("INVOICE", "PASSPORT"), 2 = a label only this type prints, 1 = typical but
// shared, 0.5 = a faint hint.

export interface DocType {
  id: string;
  /** What the type is called, in several languages; the first is the display name. */
  names: string[];
  cues: [string, number][];
  /** Patterns on the raw text: [regex, weight per hit, at most this many hits count]. */
  patterns?: [RegExp, number, number][];
  /** Documents of this type are short: past this many words the evidence counts for little. */
  maxWords?: number;
}

const MRZ_LINE = /^[A-Z0-9<«]{25,44}$/m;

export const DOC_TYPES: DocType[] = [
  {
    id: 'invoice',
    names: ['invoice', 'bill', 'tax invoice', 'facture', 'rechnung', 'factuur', 'faktura', 'factura', 'fattura', 'sales invoice', 'vendor invoice'],
    cues: [
      ['invoice', 3], ['tax invoice', 3], ['facture', 3], ['rechnung', 3], ['factuur', 3], ['faktura', 3], ['factura', 3], ['fattura', 3],
      ['invoice number', 2.5], ['invoice no', 2.5], ['invoice date', 2.5], ['bill to', 2], ['billed to', 2], ['amount due', 2],
      ['balance due', 2], ['due date', 1.5], ['payment terms', 1.5], ['total due', 1.5], ['remit to', 2], ['unit price', 1],
      ['qty', 0.7], ['subtotal', 0.8], ['vat', 0.7], ['vat number', 1], ['rechnungsnummer', 2.5], ['rechnungsdatum', 2.5],
      ['numéro de facture', 2.5], ['date de facture', 2.5], ['montant ttc', 1.5], ['total ht', 1.5], ['zahlbar', 1], ['ust', 0.5],
      ['leistungszeitraum', 1.5], ['please pay', 1], ['payment due', 1.5], ['bill no', 2.5], ['bill number', 2.5], ['billing you', 2], ['payable to', 1.5], ['account payable to', 2], ['payment part', 2], ['acceptance point', 2], ['payable by', 1.5], ['zahlteil', 2], ['empfangsschein', 1.5], ['konto zahlbar an', 2], ['section paiement', 2], ['payment', 0.6],
    ],
  },
  {
    id: 'receipt',
    maxWords: 1500,
    names: ['receipt', 'till receipt', 'sales receipt', 'cash receipt', 'shop receipt', 'store receipt', 'kassenbon', 'kassenzettel', 'quittung', 'beleg', 'bon', 'reçu', 'ticket de caisse', 'bon de caisse', 'recibo', 'scontrino', 'kassabon'],
    cues: [
      ['receipt', 2.5], ['cash', 1.2], ['change', 1], ['cashier', 2], ['thank you', 1.2], ['thank you for shopping', 2], ['visa', 0.8],
      ['mastercard', 0.8], ['debit', 0.5], ['card', 0.4], ['auth code', 1.5], ['approval code', 1.5], ['terminal', 1], ['tid', 0.8], ['mid', 0.5],
      ['gst', 1], ['sdn bhd', 1.5], ['rounding', 1.5], ['total', 0.6], ['subtotal', 0.5], ['items', 0.5], ['qty', 0.4], ['tender', 1.5], ['tendered', 1.5],
      ['kassenbon', 3], ['bon', 0.5], ['summe', 1.5], ['bar', 0.8], ['rückgeld', 2], ['gegeben', 1.2], ['mwst', 0.8], ['ec karte', 1.5], ['kartenzahlung', 1.5],
      ['vielen dank für ihren einkauf', 2.5], ['ticket de caisse', 3], ['rendu', 1], ['espèces', 1], ['merci de votre visite', 2],
      ['table', 0.4], ['server', 0.6], ['tip', 0.8], ['store', 0.6], ['trans', 0.5], ['pos', 0.6], ['member', 0.4],
    ],
  },
  {
    id: 'credit_note',
    names: ['credit note', 'credit memo', 'avoir', 'gutschrift', 'creditnota', 'nota de crédito', 'refund note'],
    cues: [['credit note', 3], ['credit memo', 3], ['gutschrift', 3], ['avoir', 2.5], ['creditnota', 3], ['refund', 1.5], ['credited', 1.5], ['credit amount', 2], ['original invoice', 2]],
  },
  {
    id: 'quote',
    names: ['quote', 'quotation', 'estimate', 'offer', 'proposal', 'devis', 'angebot', 'kostenvoranschlag', 'offerte', 'presupuesto', 'cotización'],
    cues: [['quotation', 3], ['quote', 2.5], ['estimate', 2.5], ['devis', 3], ['angebot', 3], ['offerte', 3], ['kostenvoranschlag', 3], ['valid until', 2.5], ['quote number', 2.5], ['quote date', 2.5], ['valable jusqu', 2.5], ['gültig bis', 2], ['bon pour accord', 2.5], ['proposal', 1.5], ['expiry date', 0.8], ['acceptance', 1]],
  },
  {
    id: 'purchase_order',
    names: ['purchase order', 'po', 'order form', 'bon de commande', 'bestellung', 'bestellschein', 'orden de compra', 'purchase requisition'],
    cues: [['purchase order', 3], ['po number', 2.5], ['po no', 2.5], ['p o', 1], ['order date', 1.2], ['ship to', 1.2], ['vendor', 1.5], ['supplier', 1], ['delivery date', 1.2], ['buyer', 1.2], ['bon de commande', 3], ['bestellung', 2.5], ['bestellnummer', 2], ['requisition', 2], ['ordered by', 1.5], ['authorized by', 1]],
  },
  {
    id: 'order_confirmation',
    names: ['order confirmation', 'booking confirmation', 'reservation', 'confirmation', 'auftragsbestätigung', 'bestellbestätigung', 'confirmation de commande', 'buchungsbestätigung'],
    cues: [['order confirmation', 3], ['booking confirmation', 3], ['reservation', 2], ['confirmation number', 2.5], ['booking reference', 2.5], ['your order', 2], ['thank you for your order', 2.5], ['check in', 1.2], ['check out', 1.2], ['auftragsbestätigung', 3], ['buchungsbestätigung', 3], ['order number', 1.2]],
  },
  {
    id: 'delivery_note',
    names: ['delivery note', 'packing slip', 'packing list', 'dispatch note', 'bon de livraison', 'lieferschein', 'pakbon', 'albarán'],
    cues: [['delivery note', 3], ['packing slip', 3], ['packing list', 3], ['lieferschein', 3], ['bon de livraison', 3], ['pakbon', 3], ['dispatch note', 3], ['delivered', 1.2], ['shipped', 1.2], ['qty shipped', 2], ['qty ordered', 1.5], ['received by', 1.5], ['ship to', 1]],
  },
  {
    id: 'shipping_document',
    names: ['shipping document', 'bill of lading', 'waybill', 'air waybill', 'consignment note', 'shipping label', 'customs declaration', 'lettre de voiture', 'frachtbrief', 'connaissement', 'cmr', 'manifest', 'shipping manifest'],
    cues: [['bill of lading', 3], ['waybill', 3], ['air waybill', 3], ['consignee', 2.5], ['shipper', 2], ['consignor', 2.5], ['port of loading', 2.5], ['port of discharge', 2.5], ['vessel', 1.5], ['container', 1.2], ['freight', 1.5], ['gross weight', 1.5], ['tracking number', 2], ['carrier', 1.2], ['customs', 1.5], ['hs code', 2], ['incoterms', 2], ['frachtbrief', 3], ['lettre de voiture', 3], ['notify party', 2.5], ['manifest', 2]],
  },
  {
    id: 'bank_statement',
    names: ['bank statement', 'account statement', 'statement of account', 'relevé bancaire', 'relevé de compte', 'kontoauszug', 'rekeningafschrift', 'extracto bancario', 'estratto conto'],
    cues: [['bank statement', 3], ['account statement', 3], ['statement of account', 3], ['kontoauszug', 3], ['relevé de compte', 3], ['opening balance', 2.5], ['closing balance', 2.5], ['previous balance', 2], ['new balance', 1.5], ['statement period', 2.5], ['available balance', 2], ['deposits', 1.5], ['withdrawals', 2], ['direct debit', 1.5], ['standing order', 1.5], ['sort code', 2], ['account number', 1], ['iban', 1], ['bic', 1], ['alter kontostand', 2.5], ['neuer kontostand', 2.5], ['ancien solde', 2.5], ['nouveau solde', 2.5], ['debit', 0.6], ['credit', 0.5], ['balance', 0.8], ['transaction', 0.6], ['bank', 0.8]],
    patterns: [[/^.*\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\b.*\d[.,]\d{2}\s*(?:-|cr|dr)?\s*$/gim, 0.25, 16]],
  },
  {
    id: 'credit_card_statement',
    names: ['credit card statement', 'card statement', 'relevé de carte', 'kreditkartenabrechnung'],
    cues: [['credit card statement', 3], ['card statement', 2.5], ['minimum payment', 2.5], ['minimum payment due', 3], ['credit limit', 2.5], ['available credit', 2.5], ['payment due date', 1.5], ['new balance', 1.5], ['purchases', 1], ['cash advances', 2], ['annual percentage rate', 2], ['apr', 1]],
  },
  {
    id: 'statement',
    names: ['statement', 'account summary', 'relevé', 'auszug', 'abrechnung'],
    cues: [['statement', 2], ['statement date', 2], ['account summary', 2], ['balance', 1], ['period', 0.8], ['previous balance', 1.5], ['amount due', 0.8], ['relevé', 2], ['auszug', 2]],
  },
  {
    id: 'payslip',
    names: ['payslip', 'pay slip', 'pay stub', 'paystub', 'salary slip', 'earnings statement', 'wage slip', 'payroll', 'fiche de paie', 'bulletin de paie', 'bulletin de salaire', 'gehaltsabrechnung', 'lohnabrechnung', 'entgeltabrechnung', 'loonstrook', 'nómina'],
    cues: [['payslip', 3], ['pay slip', 3], ['pay stub', 3], ['earnings statement', 3], ['gross pay', 2.5], ['net pay', 2.5], ['gross earnings', 2.5], ['net salary', 2.5], ['deductions', 1.5], ['earnings', 1.5], ['pay period', 2.5], ['pay date', 2], ['ytd', 1.5], ['year to date', 1.5], ['employee id', 1.5], ['employee', 1], ['employer', 1], ['federal income tax', 2], ['social security', 1.2], ['medicare', 1.5], ['hours', 0.8], ['rate', 0.5], ['overtime', 1.5], ['basic salary', 2.5], ['bulletin de paie', 3], ['fiche de paie', 3], ['salaire brut', 2.5], ['net à payer', 2.5], ['gehaltsabrechnung', 3], ['lohnabrechnung', 3], ['bruttolohn', 2.5], ['nettolohn', 2.5], ['auszahlungsbetrag', 2], ['lohnsteuer', 1.5], ['sozialversicherung', 1.5]],
  },
  {
    id: 'tax_form',
    names: ['tax form', 'tax return', 'tax document', 'w-2', 'w2', '1099', '1040', 'w-9', 'tax statement', 'déclaration de revenus', 'avis d imposition', 'steuererklärung', 'steuerbescheid', 'lohnsteuerbescheinigung'],
    cues: [['tax return', 3], ['form w 2', 3], ['wage and tax statement', 3], ['form 1099', 3], ['form 1040', 3], ['form w 9', 3], ['internal revenue service', 2.5], ['department of the treasury', 2], ['irs', 1.5], ['taxpayer', 2], ['taxable income', 2.5], ['filing status', 2.5], ['adjusted gross income', 2.5], ['withholding', 1.5], ['employer identification number', 2], ['social security number', 1], ['omb no', 2], ['tax year', 2], ['déclaration de revenus', 3], ['avis d impôt', 3], ['revenu fiscal', 2.5], ['steuererklärung', 3], ['steuerbescheid', 3], ['finanzamt', 2.5], ['steuernummer', 1.2], ['einkommensteuer', 2]],
  },
  {
    id: 'utility_bill',
    names: ['utility bill', 'electricity bill', 'gas bill', 'water bill', 'phone bill', 'energy bill', 'internet bill', 'facture d électricité', 'facture d énergie', 'stromrechnung', 'nebenkostenabrechnung', 'energierekening'],
    cues: [['electricity', 2], ['kwh', 2.5], ['meter', 2], ['meter reading', 2.5], ['meter number', 2.5], ['usage', 1.2], ['consumption', 1.5], ['tariff', 1.5], ['service address', 2], ['account number', 1], ['billing period', 2], ['amount due', 1], ['due date', 0.8], ['previous reading', 2.5], ['current reading', 2.5], ['gas', 1], ['water', 1], ['sewer', 1.5], ['energy', 1.2], ['supply', 0.8], ['standing charge', 2.5], ['utility', 2], ['utilities', 2], ['strom', 1.5], ['zählerstand', 2.5], ['verbrauch', 2], ['abschlag', 2], ['électricité', 2], ['consommation', 2], ['relevé de compteur', 2.5], ['abonnement', 1], ['mobile', 0.5], ['data usage', 1.5], ['broadband', 1.5]],
  },
  {
    id: 'passport',
    maxWords: 600,
    names: ['passport', 'passeport', 'reisepass', 'pass', 'pasaporte', 'passaporto', 'paspoort', 'travel document'],
    cues: [['passport', 3], ['passeport', 3], ['reisepass', 3], ['pasaporte', 3], ['passaporto', 3], ['paspoort', 3], ['passport no', 3], ['type p', 1], ['code of issuing state', 2.5], ['country code', 1], ['nationality', 1.5], ['nationalité', 1.5], ['staatsangehörigkeit', 1.5], ['date of birth', 0.8], ['place of birth', 1], ['date of issue', 1], ['date of expiry', 1], ['authority', 1], ['surname', 1], ['given names', 1.2], ['sex', 0.5], ['holder', 0.8], ['signature of bearer', 2.5]],
    patterns: [[/(?:^|\n)\s*P[<«KC][A-Z<«]{3}[A-Z<«]{6,}/g, 4, 1], [MRZ_LINE, 1, 1]],
  },
  {
    id: 'id_card',
    maxWords: 600,
    names: ['id card', 'identity card', 'national id', 'national identity card', 'identification card', 'identity document', 'id', 'carte d identité', 'carte nationale d identité', 'personalausweis', 'ausweis', 'identiteitskaart', 'documento de identidad', 'carta d identità', 'residence permit', 'aufenthaltstitel', 'titre de séjour'],
    cues: [['identity card', 3], ['id card', 3], ['identification card', 3], ['national identity', 2.5], ['carte d identité', 3], ['carte nationale', 2.5], ['personalausweis', 3], ['identiteitskaart', 3], ['documento nacional de identidad', 3], ['carta d identità', 3], ['residence permit', 3], ['aufenthaltstitel', 3], ['titre de séjour', 3], ['nationality', 1.2], ['date of birth', 0.8], ['sex', 0.5], ['date of expiry', 1], ['expiry', 0.6], ['surname', 1], ['given names', 1], ['card no', 1.5], ['document no', 1], ['id no', 1.5], ['idnumber', 1], ['can', 0.3], ['holder', 0.6], ['republic', 0.8], ['république', 0.8], ['bundesrepublik', 1], ['identity', 1.5], ['citizen', 1], ['nom', 0.6], ['prénom', 0.8], ['name', 0.3], ['vorname', 0.8], ['geburtsdatum', 0.8]],
    patterns: [[/(?:^|\n)\s*(?:I[<«A-Z]|ID|A[<«]|C[<«])[A-Z]{3}[A-Z0-9<«]{15,}/g, 4, 1], [MRZ_LINE, 1, 1]],
  },
  {
    id: 'driver_license',
    maxWords: 600,
    names: ['driver license', 'driver licence', 'drivers license', 'driving licence', 'driving license', 'driver s license', 'dl', 'permis de conduire', 'führerschein', 'rijbewijs', 'permiso de conducir', 'licencia de conducir', 'patente di guida'],
    cues: [['driver license', 3], ['driver licence', 3], ['drivers license', 3], ['driving licence', 3], ['driving license', 3], ['permis de conduire', 3], ['führerschein', 3], ['rijbewijs', 3], ['permiso de conducción', 3], ['licencia de conducir', 3], ['patente di guida', 3], ['license', 1.2], ['licence', 1.2], ['dl', 1.5], ['class', 1], ['restrictions', 1.5], ['restr', 1.5], ['endorsements', 1.5], ['end', 0.3], ['donor', 1.5], ['organ donor', 2], ['hgt', 2], ['wgt', 2], ['eyes', 1.5], ['hair', 1], ['dob', 0.8], ['exp', 0.6], ['iss', 0.8], ['veteran', 0.8], ['motor vehicles', 2], ['dmv', 2], ['department of transportation', 1.5], ['operator', 1], ['real id', 1.5]],
  },
  {
    id: 'business_card',
    maxWords: 300,
    names: ['business card', 'visiting card', 'contact card', 'carte de visite', 'visitenkarte', 'visitekaartje', 'tarjeta de visita'],
    cues: [['www', 0.8], ['com', 0.3], ['mobile', 1], ['mob', 1], ['tel', 0.6], ['phone', 0.5], ['fax', 0.5], ['email', 0.6], ['e mail', 0.6], ['ceo', 1.2], ['founder', 1.2], ['director', 0.8], ['manager', 0.8], ['president', 0.8], ['consultant', 0.8], ['engineer', 0.6], ['sales', 0.5], ['linkedin', 1], ['geschäftsführer', 1.2], ['directeur', 0.8]],
  },
  {
    id: 'contract',
    names: ['contract', 'agreement', 'lease', 'lease agreement', 'rental agreement', 'nda', 'non disclosure agreement', 'terms and conditions', 'employment contract', 'service agreement', 'contrat', 'bail', 'vertrag', 'mietvertrag', 'arbeitsvertrag', 'vereinbarung', 'overeenkomst', 'contrato', 'contratto'],
    cues: [['agreement', 2.5], ['contract', 2.5], ['this agreement', 3], ['parties', 1.5], ['party', 1], ['hereby', 1.5], ['hereinafter', 2.5], ['whereas', 2.5], ['shall', 1], ['terms and conditions', 1.5], ['in witness whereof', 3], ['governing law', 2.5], ['termination', 1.5], ['effective date', 2], ['indemnif', 1.5], ['confidential information', 2], ['lessee', 2], ['lessor', 2], ['landlord', 1.5], ['tenant', 1.5], ['signed', 0.8], ['signature', 0.6], ['clause', 1.5], ['article', 0.6], ['contrat', 3], ['entre les soussignés', 3], ['il a été convenu', 2.5], ['vertrag', 3], ['zwischen', 0.8], ['vertragsparteien', 3], ['vereinbarung', 2.5], ['kündigung', 1.5], ['mieter', 1.5], ['vermieter', 1.5]],
  },
  {
    id: 'letter',
    names: ['letter', 'correspondence', 'cover letter', 'lettre', 'courrier', 'brief', 'schreiben', 'anschreiben', 'carta', 'lettera'],
    cues: [['dear', 1.5], ['sincerely', 1.5], ['yours sincerely', 2], ['yours faithfully', 2], ['kind regards', 2], ['best regards', 2], ['regards', 1.2], ['to whom it may concern', 2.5], ['enclosure', 1.5], ['encl', 1.5], ['re', 0.3], ['madame monsieur', 2.5], ['madame', 1], ['monsieur', 1], ['veuillez agréer', 3], ['cordialement', 2.5], ['salutations', 2], ['sehr geehrte', 2.5], ['sehr geehrter', 2.5], ['mit freundlichen grüßen', 3], ['betreff', 1.5], ['objet', 1]],
  },
  {
    id: 'memo',
    names: ['memo', 'memorandum', 'internal memo', 'note de service', 'mémo', 'aktennotiz', 'notiz', 'mitteilung', 'hausmitteilung'],
    cues: [['memo', 3], ['memorandum', 3], ['to', 0.3], ['from', 0.3], ['subject', 1], ['re', 0.3], ['cc', 0.8], ['note de service', 3], ['aktennotiz', 3], ['hausmitteilung', 3], ['internal', 1]],
    patterns: [[/^\s*(?:to|from|date|subject|re|cc)\s*:/gim, 0.8, 4]],
  },
  {
    id: 'email',
    names: ['email', 'e mail', 'email message', 'courriel', 'mail'],
    cues: [['from', 0.5], ['sent', 1], ['to', 0.3], ['subject', 1], ['cc', 0.8], ['forwarded message', 3], ['original message', 3], ['reply', 1], ['wrote', 1.5], ['unsubscribe', 2], ['gesendet', 1.5], ['envoyé', 1.5], ['objet', 1]],
    patterns: [[/^\s*(?:from|sent|to|subject|cc|von|an|betreff|de|à|objet)\s*:.*@/gim, 1.5, 3]],
  },
  {
    id: 'resume',
    names: ['resume', 'résumé', 'cv', 'curriculum vitae', 'lebenslauf', 'curriculum'],
    cues: [['resume', 3], ['curriculum vitae', 3], ['lebenslauf', 3], ['work experience', 2.5], ['professional experience', 2.5], ['experience', 1.2], ['education', 1.5], ['skills', 1.5], ['languages', 0.4], ['employment history', 2.5], ['references available', 2.5], ['objective', 1], ['profile', 0.8], ['certifications', 1], ['bachelor', 1.2], ['master', 0.8], ['university', 0.8], ['linkedin', 1.2], ['expérience professionnelle', 2.5], ['formation', 1.2], ['compétences', 2], ['berufserfahrung', 2.5], ['ausbildung', 1.5], ['kenntnisse', 1.5]],
  },
  {
    id: 'scientific_paper',
    names: ['scientific paper', 'research paper', 'paper', 'academic paper', 'article', 'journal article', 'scientific article', 'publication', 'preprint', 'thesis', 'dissertation', 'article scientifique', 'wissenschaftlicher artikel', 'fachartikel', 'studie'],
    cues: [['abstract', 2.5], ['introduction', 1.5], ['related work', 2.5], ['methodology', 1.5], ['methods', 1], ['results', 1], ['discussion', 1], ['conclusion', 1.5], ['references', 1.5], ['et al', 2.5], ['arxiv', 3], ['doi', 2], ['proceedings', 2], ['journal', 1.5], ['university', 0.8], ['department of', 0.8], ['fig', 1], ['figure', 0.8], ['table', 0.4], ['experiments', 1.5], ['dataset', 1.2], ['we propose', 2.5], ['in this paper', 2.5], ['keywords', 1.5], ['acknowledgments', 2], ['acknowledgements', 2], ['theorem', 1.5], ['lemma', 1.5], ['equation', 1], ['résumé', 0.8], ['zusammenfassung', 0.8]],
    patterns: [[/\[\d{1,3}(?:[,–-]\s?\d{1,3})*\]/g, 0.25, 12], [/\(\p{Lu}[\p{L}-]+(?: et al\.?| and \p{Lu}[\p{L}-]+)?,? (?:19|20)\d\d\)/gu, 0.4, 8]],
  },
  {
    id: 'report',
    names: ['report', 'annual report', 'business report', 'audit report', 'analysis', 'study', 'white paper', 'rapport', 'bericht', 'geschäftsbericht', 'jahresbericht', 'verslag', 'informe'],
    cues: [['report', 2], ['annual report', 3], ['executive summary', 2.5], ['summary', 1], ['findings', 1.5], ['recommendations', 1.5], ['analysis', 1.2], ['overview', 1], ['audit', 1.5], ['performance', 0.8], ['objectives', 0.8], ['scope', 0.8], ['table of contents', 1.5], ['appendix', 1], ['rapport', 2.5], ['bericht', 2.5], ['statistics', 1], ['quarter', 0.8], ['fiscal year', 1]],
  },
  {
    id: 'financial_statement',
    names: ['financial statement', 'financial statements', 'balance sheet', 'income statement', 'profit and loss', 'cash flow statement', 'bilan', 'compte de résultat', 'bilanz', 'gewinn und verlustrechnung', 'jahresabschluss'],
    cues: [['balance sheet', 3], ['income statement', 3], ['statement of financial position', 3], ['profit and loss', 3], ['cash flow', 2.5], ['total assets', 2.5], ['total liabilities', 2.5], ['shareholders equity', 2.5], ['stockholders equity', 2.5], ['net income', 2], ['revenue', 1.2], ['operating expenses', 2], ['depreciation', 1.5], ['retained earnings', 2.5], ['fiscal year', 1], ['bilanz', 3], ['aktiva', 2], ['passiva', 2], ['bilan', 2.5], ['compte de résultat', 3], ['expenditures', 1.2], ['budget', 1]],
  },
  {
    id: 'form',
    names: ['form', 'application form', 'application', 'questionnaire', 'survey', 'registration form', 'formulaire', 'demande', 'formular', 'antrag', 'fragebogen', 'formulier', 'formulario'],
    cues: [['form', 2], ['application form', 3], ['please print', 2], ['please complete', 2], ['please fill', 2], ['fill in', 1.5], ['check one', 2], ['check all that apply', 2.5], ['tick', 1], ['applicant', 2], ['signature', 1], ['submit', 1.5], ['signature of applicant', 2.5], ['date signed', 1.5], ['for office use only', 2.5], ['office use', 1.5], ['yes no', 1.2], ['first name', 1], ['last name', 1], ['date of birth', 0.6], ['formulaire', 3], ['à remplir', 2], ['cocher', 2], ['formular', 3], ['antrag', 2.5], ['bitte ausfüllen', 2.5], ['unterschrift', 1], ['zutreffendes ankreuzen', 2.5]],
    patterns: [[/_{4,}|\.{8,}|☐|☑|☒|\[ \]|□/g, 0.4, 12]],
  },
  {
    id: 'legal_document',
    names: ['legal document', 'court document', 'legal transcript', 'court transcript', 'transcript', 'hearing transcript', 'deposition', 'judgment', 'judgement', 'court order', 'ruling', 'legal filing', 'pleading', 'affidavit', 'subpoena', 'jugement', 'arrêt', 'procès verbal d audience', 'urteil', 'beschluss', 'gerichtsdokument', 'vonnis'],
    cues: [['court', 2], ['supreme court', 3], ['the court', 2], ['plaintiff', 2.5], ['defendant', 2.5], ['petitioner', 2.5], ['respondent', 2], ['appellant', 2.5], ['appellee', 2.5], ['v', 0.3], ['versus', 1.5], ['case no', 2], ['docket', 2], ['honorable', 2], ['judge', 2], ['justice', 1.5], ['chief justice', 2.5], ['counsel', 2], ['attorney', 1.5], ['oral argument', 3], ['transcript', 2.5], ['proceedings', 1.5], ['the witness', 2], ['deposition', 2.5], ['affidavit', 2.5], ['sworn', 1.5], ['hereby ordered', 3], ['it is so ordered', 3], ['judgment', 2], ['jurisdiction', 1.5], ['statute', 1.2], ['u s c', 1.5], ['tribunal', 2], ['cour', 1.5], ['jugement', 2.5], ['gericht', 2], ['urteil', 2.5], ['kläger', 2.5], ['beklagte', 2.5], ['im namen des volkes', 3]],
  },
  {
    id: 'legislation',
    names: ['legislation', 'regulation', 'law', 'statute', 'act', 'federal register', 'gazette', 'official journal', 'rule', 'loi', 'règlement', 'décret', 'gesetz', 'verordnung', 'amtsblatt'],
    cues: [['federal register', 3], ['final rule', 3], ['proposed rule', 3], ['cfr', 2], ['code of federal regulations', 3], ['agency', 1], ['section', 0.6], ['pursuant to', 1.5], ['regulation', 2], ['amendment', 1.5], ['amended', 1.2], ['official journal', 3], ['be it enacted', 3], ['gazette', 2.5], ['rules and regulations', 3], ['effective date', 1], ['public law', 2.5], ['loi', 2], ['décret', 2.5], ['journal officiel', 3], ['gesetz', 2.5], ['verordnung', 2.5], ['bundesgesetzblatt', 3], ['paragraph', 0.8], ['§', 1]],
  },
  {
    id: 'meeting_minutes',
    names: ['meeting minutes', 'minutes', 'minutes of meeting', 'procès verbal', 'compte rendu', 'protokoll', 'sitzungsprotokoll', 'notulen', 'acta'],
    cues: [['minutes', 3], ['meeting', 1.5], ['attendees', 2.5], ['present', 1], ['absent', 1.5], ['apologies', 2], ['agenda', 2], ['action items', 2.5], ['motion', 1.5], ['seconded by', 2.5], ['adjourned', 2.5], ['chair', 1], ['quorum', 2.5], ['procès verbal', 3], ['compte rendu', 3], ['ordre du jour', 2.5], ['séance', 2], ['protokoll', 3], ['tagesordnung', 2.5], ['sitzung', 2], ['anwesend', 2], ['conseil municipal', 2], ['délibération', 2.5]],
  },
  {
    id: 'medical_record',
    names: ['medical record', 'medical report', 'health record', 'patient record', 'discharge summary', 'lab report', 'lab result', 'lab results', 'medical', 'clinical note', 'dossier médical', 'compte rendu médical', 'arztbrief', 'befund', 'krankenakte', 'medizinischer bericht'],
    cues: [['patient', 2], ['patient name', 2.5], ['diagnosis', 2.5], ['physician', 2], ['doctor', 1], ['hospital', 1.5], ['clinic', 1.5], ['treatment', 1.5], ['medical', 1.5], ['medical history', 2.5], ['symptoms', 2], ['examination', 1.5], ['blood pressure', 2], ['allergies', 2], ['medications', 2], ['discharge', 2], ['admission', 1.5], ['specimen', 2], ['reference range', 2.5], ['test result', 1.5], ['laboratory', 1.5], ['mg dl', 2], ['mmol', 2], ['icd', 2], ['mrn', 2], ['patient id', 2], ['befund', 2.5], ['diagnose', 2.5], ['anamnese', 2.5], ['arztbrief', 3], ['patient e', 1], ['médecin', 2], ['antécédents', 2]],
  },
  {
    id: 'prescription',
    names: ['prescription', 'medical prescription', 'rx', 'ordonnance', 'rezept', 'receta', 'ricetta', 'recept'],
    cues: [['prescription', 3], ['rx', 2], ['dosage', 2.5], ['tablet', 1.5], ['tablets', 1.5], ['capsule', 1.5], ['mg', 1], ['twice daily', 2.5], ['once daily', 2.5], ['refills', 2.5], ['dispense', 2.5], ['sig', 1], ['prescriber', 2.5], ['pharmacy', 2], ['ordonnance', 3], ['posologie', 2.5], ['comprimé', 2], ['rezept', 3], ['verordnung', 1.2]],
  },
  {
    id: 'insurance',
    names: ['insurance', 'insurance policy', 'insurance certificate', 'insurance card', 'insurance claim', 'claim form', 'police d assurance', 'attestation d assurance', 'versicherungspolice', 'versicherungsschein', 'versicherung'],
    cues: [['insurance', 2.5], ['policy number', 2.5], ['policyholder', 2.5], ['policy holder', 2.5], ['insured', 2], ['insurer', 2], ['premium', 2], ['coverage', 2], ['deductible', 2], ['claim', 1.5], ['claim number', 2.5], ['beneficiary', 1.5], ['underwritten', 2], ['assurance', 2.5], ['assuré', 2], ['versicherung', 2.5], ['versicherungsnehmer', 3], ['versicherungsnummer', 2.5], ['member id', 1.5], ['group number', 1.5]],
  },
  {
    id: 'certificate',
    names: ['certificate', 'diploma', 'attestation', 'award', 'certification', 'birth certificate', 'marriage certificate', 'death certificate', 'certificate of completion', 'certificat', 'diplôme', 'zertifikat', 'urkunde', 'bescheinigung', 'zeugnis', 'certificaat', 'certificado'],
    cues: [['certificate', 3], ['certificate of', 3], ['certify that', 3], ['this is to certify', 3], ['hereby certifies', 3], ['certified', 1.5], ['awarded to', 2.5], ['presented to', 2], ['has successfully completed', 3], ['completion', 1.5], ['diploma', 3], ['in recognition of', 2.5], ['birth certificate', 3], ['registrar', 1.5], ['certificat', 3], ['atteste que', 3], ['diplôme', 3], ['zertifikat', 3], ['urkunde', 3], ['bescheinigung', 2.5], ['bescheinigt', 2.5], ['zeugnis', 2]],
  },
  {
    id: 'menu',
    names: ['menu', 'restaurant menu', 'food menu', 'drinks menu', 'carte', 'speisekarte', 'getränkekarte', 'menú', 'menukaart'],
    cues: [['menu', 3], ['starters', 2.5], ['appetizers', 2.5], ['main courses', 2.5], ['main dishes', 2.5], ['entrees', 2], ['desserts', 2.5], ['dessert', 1.5], ['beverages', 2], ['drinks', 1.5], ['sides', 1.5], ['salads', 1.5], ['soups', 1.5], ['vegetarian', 1.2], ['served with', 2], ['gluten free', 1.5], ['chef', 1.2], ['entrées', 2.5], ['plats principaux', 2.5], ['boissons', 2], ['vorspeisen', 2.5], ['hauptgerichte', 2.5], ['nachspeisen', 2.5], ['getränke', 2], ['speisekarte', 3]],
  },
  {
    id: 'ticket',
    maxWords: 800,
    names: ['ticket', 'boarding pass', 'travel ticket', 'train ticket', 'plane ticket', 'airline ticket', 'event ticket', 'e ticket', 'admission ticket', 'billet', 'carte d embarquement', 'fahrkarte', 'fahrschein', 'bordkarte', 'eintrittskarte', 'biglietto', 'billete'],
    cues: [['boarding pass', 3], ['ticket', 2.5], ['e ticket', 3], ['flight', 2], ['gate', 2], ['seat', 2], ['boarding', 2], ['boarding time', 2.5], ['departure', 1.5], ['arrival', 1.2], ['passenger', 2], ['passenger name', 2.5], ['carriage', 1.5], ['coach', 1], ['platform', 1.2], ['admit one', 3], ['admission', 1.5], ['row', 0.8], ['section', 0.4], ['venue', 1.5], ['doors open', 2], ['valid for', 1], ['billet', 3], ['fahrkarte', 3], ['fahrschein', 3], ['bordkarte', 3], ['eintrittskarte', 3], ['abfahrt', 1.5], ['gleis', 1.5], ['voie', 1], ['embarquement', 2]],
  },
  {
    id: 'check',
    maxWords: 400,
    names: ['check', 'cheque', 'bank check', 'chèque', 'scheck'],
    cues: [['pay to the order of', 3], ['pay to the order', 3], ['dollars', 1.5], ['memo', 0.5], ['void after', 2.5], ['cheque', 3], ['check no', 2], ['payez contre ce chèque', 3], ['routing number', 1.5]],
    patterns: [[/⑈|⑆|[0-9]{9}[:⑆]\s?[0-9]{6,}/g, 2, 1]],
  },
  {
    id: 'expense_report',
    names: ['expense report', 'expense claim', 'expenses', 'travel expenses', 'note de frais', 'spesenabrechnung', 'reisekostenabrechnung'],
    cues: [['expense report', 3], ['expense claim', 3], ['expenses', 1.5], ['reimbursement', 2], ['mileage', 2], ['per diem', 2.5], ['business purpose', 2.5], ['approved by', 1], ['note de frais', 3], ['spesenabrechnung', 3], ['reisekosten', 2.5]],
  },
  {
    id: 'timesheet',
    names: ['timesheet', 'time sheet', 'time card', 'attendance sheet', 'feuille de temps', 'stundenzettel', 'zeiterfassung', 'arbeitszeitnachweis'],
    cues: [['timesheet', 3], ['time sheet', 3], ['time card', 3], ['hours worked', 2.5], ['total hours', 2], ['regular hours', 2], ['overtime', 1.5], ['clock in', 2.5], ['clock out', 2.5], ['week ending', 2], ['supervisor signature', 2], ['stundenzettel', 3], ['arbeitszeit', 2], ['feuille de temps', 3]],
  },
  {
    id: 'manual',
    names: ['manual', 'user manual', 'handbook', 'guide', 'user guide', 'instructions', 'documentation', 'technical documentation', 'mode d emploi', 'manuel', 'handbuch', 'bedienungsanleitung', 'anleitung', 'handleiding'],
    cues: [['manual', 2.5], ['handbook', 2.5], ['user guide', 3], ['contents', 0.8], ['notices', 1], ['trademarks', 1.2], ['example', 0.5], ['for more information', 1.2], ['instructions', 1.5], ['chapter', 1.5], ['step', 1], ['warning', 1.5], ['caution', 1.5], ['note', 0.5], ['troubleshooting', 2.5], ['installation', 1.5], ['procedure', 1.2], ['see figure', 1.5], ['mode d emploi', 3], ['handbuch', 3], ['bedienungsanleitung', 3], ['anleitung', 2], ['achtung', 1], ['inspection', 1], ['maintenance', 1.2]],
  },
  {
    id: 'presentation',
    names: ['presentation', 'slides', 'slide deck', 'pitch deck', 'présentation', 'präsentation', 'folien'],
    cues: [['agenda', 1.2], ['slide', 2], ['thank you', 0.8], ['questions', 1], ['q a', 1.5], ['overview', 0.8], ['next steps', 1.5], ['key takeaways', 2]],
  },
  {
    id: 'newspaper',
    names: ['newspaper', 'news article', 'newsletter', 'magazine', 'press release', 'journal', 'zeitung', 'zeitschrift', 'presse', 'communiqué de presse', 'pressemitteilung', 'bulletin', 'gazette'],
    cues: [['press release', 3], ['for immediate release', 3], ['newsletter', 2.5], ['newsroom', 1.5], ['editor', 1.5], ['reporter', 1.5], ['correspondent', 1.5], ['said', 1], ['according to', 1], ['published', 1], ['subscribe', 1.2], ['issue', 0.6], ['vol', 0.8], ['edition', 1.2], ['headline', 1.5], ['last week', 1], ['announced', 1], ['staff writer', 2], ['photo by', 1.5], ['pressemitteilung', 3], ['communiqué de presse', 3], ['bulletin', 2]],
  },
  {
    id: 'brochure',
    names: ['brochure', 'flyer', 'leaflet', 'advertisement', 'catalog', 'catalogue', 'price list', 'prospectus', 'dépliant', 'prospekt', 'katalog', 'preisliste', 'folder'],
    cues: [['brochure', 3], ['flyer', 3], ['catalog', 2.5], ['catalogue', 2.5], ['price list', 3], ['special offer', 2], ['discover', 1.2], ['contact us', 1], ['visit us', 1.5], ['learn more', 1.5], ['call now', 2], ['free', 0.6], ['sale', 0.8], ['prospekt', 3], ['katalog', 3], ['preisliste', 3]],
  },
  {
    id: 'vehicle_registration',
    names: ['vehicle registration', 'registration certificate', 'car registration', 'title', 'vehicle title', 'carte grise', 'certificat d immatriculation', 'fahrzeugschein', 'zulassungsbescheinigung', 'fahrzeugbrief', 'kentekenbewijs'],
    cues: [['vehicle registration', 3], ['registration certificate', 3], ['vin', 2.5], ['vehicle identification number', 3], ['make', 1], ['model', 1], ['license plate', 2.5], ['plate number', 2], ['registered owner', 2.5], ['odometer', 2.5], ['carte grise', 3], ['certificat d immatriculation', 3], ['immatriculation', 2.5], ['zulassungsbescheinigung', 3], ['fahrzeugschein', 3], ['kennzeichen', 2.5], ['fahrzeug', 1.5]],
  },
  {
    id: 'recipe',
    names: ['recipe', 'recette', 'rezept', 'receta'],
    cues: [['recipe', 3], ['ingredients', 3], ['preheat', 2.5], ['oven', 1.5], ['tablespoon', 2], ['tbsp', 2], ['tsp', 2], ['cup', 1], ['cups', 1.5], ['bake', 1.5], ['stir', 1.5], ['servings', 2], ['serves', 1.5], ['prep time', 2.5], ['zutaten', 3], ['ingrédients', 3]],
  },
  {
    id: 'mortgage_loan',
    names: ['loan document', 'loan agreement', 'mortgage', 'mortgage statement', 'loan statement', 'loan application', 'prêt', 'hypothèque', 'darlehensvertrag', 'kreditvertrag', 'hypothek'],
    cues: [['loan', 2], ['mortgage', 2.5], ['borrower', 2.5], ['lender', 2], ['principal', 1.5], ['interest rate', 2], ['escrow', 2.5], ['amortization', 2.5], ['loan number', 2.5], ['monthly payment', 1.5], ['apr', 1], ['darlehen', 2.5], ['darlehensnehmer', 3], ['emprunteur', 2.5], ['prêteur', 2.5]],
  },
];

export const DOC_TYPE_BY_ID = new Map(DOC_TYPES.map((t) => [t.id, t]));
