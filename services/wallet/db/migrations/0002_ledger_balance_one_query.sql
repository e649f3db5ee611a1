-- The balance check runs at commit for every entry, so on every movement: one query instead of two.
CREATE OR REPLACE FUNCTION ledger_movement_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  total bigint;
  credited bigint;
  expected bigint;
BEGIN
  SELECT coalesce(sum(e.delta), 0), coalesce(sum(e.delta) FILTER (WHERE e.delta > 0), 0),
         (SELECT m.amount FROM movements m WHERE m.id = NEW.movement_id)
    INTO total, credited, expected
    FROM entries e WHERE e.movement_id = NEW.movement_id;
  IF total <> 0 OR credited IS DISTINCT FROM expected THEN
    RAISE EXCEPTION 'movement % is unbalanced (sum %, credited %, amount %)', NEW.movement_id, total, credited, expected
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END
$$;
