-- Action 9's deferral of the simpler online requests declaration, as V2 shipped it, told practices not to keep online
-- triage open when at safe capacity. Since October 2025 the GP contract requires the online tool to stay open on
-- weekdays, closing only with the ICB's agreement, and keeping it open and signposting when full is a practice's own
-- choice in safe working, which V13's sentence for patients now leaves open too; guidance to close it regardless would
-- have a practice breach its contract. As V13 did, every version's row still carrying the shipped wording changes,
-- published ones included, as the guidance and reminder pages show it; a detail an administrator wrote is theirs.
update menu_deferral
set detail = 'Defer until spring 2025. When the practice is at safe capacity, keep online requests open and tell patients where else to get help, or close online triage only with the ICB''s agreement, which the GP contract requires since October 2025.'
where detail = 'Defer until spring 2025; do not keep online triage open when at safe capacity.';
