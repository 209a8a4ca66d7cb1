/** Row types of the module list's revision (migration 0018), as Kysely sees them. */
export interface ModuleListTables {
  /** One row: raised by triggers on every write to module, module_version and their competencies. */
  module_list_revision: { id: number; revision: number };
}
