-- A revision of everything the module list shows (issue 14): raised by triggers on every insert, update
-- and delete of a module, a module version or a version's competencies, whichever code writes them, so a
-- list answer cached with the revision it was read at is exact while the revision stays. Shared by Node
-- (better-sqlite3) and Workers (D1); one row.
CREATE TABLE module_list_revision (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  revision INTEGER NOT NULL
);
INSERT INTO module_list_revision (id, revision) VALUES (1, 0);

CREATE TRIGGER module_list_module_insert AFTER INSERT ON module
BEGIN UPDATE module_list_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER module_list_module_update AFTER UPDATE ON module
BEGIN UPDATE module_list_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER module_list_module_delete AFTER DELETE ON module
BEGIN UPDATE module_list_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER module_list_version_insert AFTER INSERT ON module_version
BEGIN UPDATE module_list_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER module_list_version_update AFTER UPDATE ON module_version
BEGIN UPDATE module_list_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER module_list_version_delete AFTER DELETE ON module_version
BEGIN UPDATE module_list_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER module_list_competency_insert AFTER INSERT ON module_version_competency
BEGIN UPDATE module_list_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER module_list_competency_update AFTER UPDATE ON module_version_competency
BEGIN UPDATE module_list_revision SET revision = revision + 1 WHERE id = 1; END;
CREATE TRIGGER module_list_competency_delete AFTER DELETE ON module_version_competency
BEGIN UPDATE module_list_revision SET revision = revision + 1 WHERE id = 1; END;
