/**
 * Every string of the pages in Dutch, the first language. `en.ts` has the same keys; a page never
 * writes text of its own, so a translation is complete when this file's keys are.
 */
export const nl = {
  lang: 'nl',
  siteName: 'Loopbrug',
  tagline: 'Leerroutes en microcredentials voor superscholing',
  skipLink: 'Naar de inhoud',
  nav: {
    label: 'Hoofdmenu',
    home: 'Start',
    routes: 'Mijn routes',
    verify: 'Credential controleren',
    docs: 'API-documentatie',
  },
  language: { label: 'Taal', switchTo: 'English', switchToLang: 'en' },
  account: {
    signIn: 'Aanmelden',
    signOut: 'Afmelden',
    signedInAs: (name: string, role: string) => `Aangemeld als ${name} (${role})`,
  },
  roles: {
    admin: 'beheerder',
    opleider: 'opleider',
    praktijkopleider: 'praktijkopleider',
    werkgever: 'werkgever',
    learner: 'lerende',
  },
  home: {
    title: 'Welkom bij Loopbrug',
    intro:
      'Loopbrug stelt met opleider, werkgever en lerende een persoonlijke leerroute samen: alleen wat nog ' +
      'ontbreekt, het belangrijkste eerst. Afgeronde modules worden microcredentials die de lerende zelf bezit.',
    visitorHeading: 'Wat wil je doen?',
    signInLead: 'Meld je aan met het account van je instelling of werkgever.',
    verifyLead: 'Iemand liet je een credential zien? Controleer of het echt is, zonder aan te melden.',
    docsLead: 'Bouw je een koppeling? Lees de API-documentatie en probeer de API uit.',
    signedInHeading: (name: string) => `Hallo ${name}`,
    yourRoutes: 'Jouw routes',
    noRoutes: 'Er zijn nog geen routes waar jij bij betrokken bent.',
    adminNote: 'Een beheerder ziet geen routes van lerenden; gebruik de API voor het beheer.',
  },
  routes: {
    title: 'Mijn routes',
    caption: 'Routes waar jij bij betrokken bent',
    role: 'Functie',
    qualification: 'Kwalificatie',
    status: 'Status',
    start: 'Start',
    independentFrom: 'Zelfstandig inzetbaar vanaf',
    open: (role: string) => `Route naar ${role} openen`,
    more: 'Meer routes',
    statuses: {
      draft: 'concept',
      agreed: 'afgesproken',
      active: 'loopt',
      paused: 'gepauzeerd',
      completed: 'afgerond',
    },
  },
  route: {
    title: (role: string) => `Route naar ${role}`,
    version: (n: number) => `Versie ${n}`,
    planHeading: 'Het plan',
    module: 'Module',
    itemStatus: 'Status',
    period: 'Periode',
    itemStatuses: { planned: 'gepland', exempt: 'vrijgesteld', completed: 'afgerond' },
    essential: 'essentieel',
    backToList: 'Terug naar mijn routes',
  },
  signIn: {
    notConfiguredTitle: 'Aanmelden is hier niet ingesteld',
    notConfigured:
      'Deze installatie heeft geen OpenID Connect-aanbieder. De beheerder stelt OIDC_ISSUER, OIDC_CLIENT_ID en ' +
      'OIDC_CLIENT_SECRET in.',
    expiredTitle: 'Je sessie is verlopen',
    expired: 'Je was te lang aangemeld. Meld je opnieuw aan om verder te gaan waar je was.',
    again: 'Opnieuw aanmelden',
    failedTitle: 'Aanmelden is niet gelukt',
    failed: 'De aanmelding kon niet worden afgerond. Probeer het opnieuw.',
    noRoleTitle: 'Je account heeft geen rol in Loopbrug',
    noRole: (why: string) =>
      `Je bent aangemeld bij je instelling, maar Loopbrug kan daaruit niet opmaken wie je hier bent (${why}).`,
    providerDownTitle: 'De aanmeldpagina is niet bereikbaar',
    providerDown: 'We konden de aanbieder waarmee je aanmeldt niet bereiken. Probeer het later opnieuw.',
    signedOutTitle: 'Je bent afgemeld',
    signedOut: 'Je sessie bij Loopbrug is beëindigd.',
  },
  verify: {
    title: 'Een credential controleren',
    intro:
      'Plak een credential (JSON of een VC-JWT) of kies een bestand. We controleren de handtekening, wie het ' +
      'uitgaf en welke instellingen die uitgever vertrouwen, de geldigheid, de status en het schema.',
    pasteLabel: 'Credential plakken',
    pasteHint: 'De volledige JSON van het credential, of een VC-JWT.',
    fileLabel: 'Of kies een bestand',
    fileHint: 'Een .json- of .jwt-bestand van hoogstens 1 MB.',
    submit: 'Controleren',
    resultHeading: 'Uitslag',
    verified: 'Dit credential is echt en geldig.',
    notVerified: 'Dit credential is niet in orde.',
    nothingGiven: 'Plak een credential of kies een bestand.',
    notJson: 'Dit is geen JSON en geen VC-JWT.',
    sharedBy: 'Gedeeld via een openbare link.',
    about: 'Waar gaat het over',
    achievement: 'Behaald',
    holder: 'Behaald door',
    issuedBy: 'Uitgegeven door',
    issuedOn: 'Uitgegeven op',
    checksHeading: 'De controles',
    checks: {
      signature: {
        ok: 'De handtekening klopt: niemand heeft het credential veranderd sinds het werd ondertekend.',
        bad: 'De handtekening klopt niet: het credential is veranderd of niet door deze uitgever ondertekend.',
      },
      issuer: {
        ok: 'De sleutel waarmee is ondertekend hoort bij de uitgever die het credential noemt.',
        bad: 'De sleutel hoort niet bij de uitgever die het credential noemt.',
      },
      'validity-period': {
        ok: 'Het credential is nu geldig (niet te vroeg, niet verlopen).',
        bad: 'Het credential is nu niet geldig: nog niet ingegaan of verlopen.',
      },
      status: {
        ok: 'Het credential is niet ingetrokken en niet geschorst.',
        bad: 'Het credential is ingetrokken of geschorst, of de status kon niet worden gelezen.',
      },
      schema: {
        ok: 'Het credential heeft de vorm die zijn schema voorschrijft.',
        bad: 'Het credential heeft niet de vorm die zijn schema voorschrijft.',
      },
      'related-resource': {
        ok: 'De bronnen waar het credential naar verwijst zijn ongewijzigd.',
        bad: 'Een bron waar het credential naar verwijst is gewijzigd of onbekend.',
      },
      trust: {
        ok: 'De gevraagde instelling vertrouwt deze uitgever.',
        bad: 'De gevraagde instelling vertrouwt deze uitgever niet.',
      },
      other: { ok: 'In orde.', bad: 'Niet in orde.' },
    },
    checkNames: {
      signature: 'Handtekening',
      issuer: 'Uitgever',
      'validity-period': 'Geldigheid',
      'related-resource': 'Gekoppelde bronnen',
      status: 'Status',
      schema: 'Schema',
      trust: 'Vertrouwen',
    },
    ok: 'in orde',
    notOk: 'niet in orde',
    trustHeading: 'Wie vertrouwt deze uitgever',
    trustedBy: (names: string) => `Vertrouwd door: ${names}.`,
    trustedByNone: 'Geen instelling van deze Loopbrug erkent deze uitgever.',
    trustNotEstablished: 'Omdat het credential niet in orde is, staat niet vast wie het uitgaf.',
    detail: 'Technische toelichting',
    another: 'Nog een credential controleren',
  },
  errors: {
    title: {
      400: 'Dit verzoek klopt niet',
      403: 'Geen toegang',
      404: 'Niet gevonden',
      500: 'Er ging iets mis',
    },
    text: {
      400: 'Wat is verstuurd, kunnen we niet verwerken.',
      403: 'Je mag deze pagina niet zien. Ben je met het goede account aangemeld?',
      404: 'Deze pagina of link bestaat niet (meer).',
      500: 'Er ging bij ons iets mis. Probeer het later opnieuw.',
    },
    home: 'Naar de startpagina',
  },
  footer: 'Loopbrug — open standaarden: OpenID Connect, Open Badges 3.0, Verifiable Credentials 2.0',
};

/** The shape every language has: the Dutch catalog's. */
export type Messages = typeof nl;
