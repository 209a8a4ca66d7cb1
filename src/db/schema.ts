import type { CatalogTables } from './catalog-tables.js';
import type { CredentialTables } from './credential-tables.js';
import type { JobTables } from './job-tables.js';
import type { LearnerTables } from './learner-tables.js';
import type { ModuleListTables } from './module-list-tables.js';
import type { PresentationTables } from './presentation-tables.js';
import type { RecognitionTables } from './recognition-tables.js';
import type { RouteTables } from './route-tables.js';
import type { SignoffTables } from './signoff-tables.js';
import type { StatusListTables } from './status-list-tables.js';
import type { WalletTables } from './wallet-tables.js';
import type { WebTables } from './web-tables.js';

/** Every table, as Kysely sees it: one interface per area, each beside its migration. */
export interface Schema
  extends CatalogTables,
    LearnerTables,
    RouteTables,
    SignoffTables,
    CredentialTables,
    StatusListTables,
    RecognitionTables,
    PresentationTables,
    WalletTables,
    WebTables,
    JobTables,
    ModuleListTables {}
