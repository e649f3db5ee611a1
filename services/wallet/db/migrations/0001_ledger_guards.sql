-- The ledger is append-only: a correction is a new movement, never an edit.
CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger table % is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
END
$$;
--> statement-breakpoint
CREATE TRIGGER movements_append_only BEFORE UPDATE OR DELETE ON movements FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER movements_no_truncate BEFORE TRUNCATE ON movements FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON entries FOR EACH ROW EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
CREATE TRIGGER entries_no_truncate BEFORE TRUNCATE ON entries FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only();
--> statement-breakpoint
-- Double entry, checked by the database at commit: a movement's entries sum to zero and move
-- exactly its amount, whatever code wrote them.
CREATE FUNCTION ledger_movement_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
  credited bigint;
  expected bigint;
BEGIN
  SELECT coalesce(sum(delta), 0), coalesce(sum(delta) FILTER (WHERE delta > 0), 0) INTO total, credited
    FROM entries WHERE movement_id = NEW.movement_id;
  SELECT amount INTO expected FROM movements WHERE id = NEW.movement_id;
  IF total <> 0 OR credited <> expected THEN
    RAISE EXCEPTION 'movement % is unbalanced (sum %, credited %, amount %)', NEW.movement_id, total, credited, expected
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER entries_balanced AFTER INSERT ON entries DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION ledger_movement_balanced();
--> statement-breakpoint
-- The outside world: top-ups are paid from here, so its balance is minus all money in the system.
-- Its id sorts after every UUIDv7, so it is always the last account locked.
INSERT INTO wallets (id, system_code) VALUES ('ffffffff-ffff-7fff-bfff-ffffffffffff', 'FUNDING');
