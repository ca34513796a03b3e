/**
 * What `npm run duban -- help` prints, kept apart from the commands themselves so that asking
 * for help loads nothing else (no database client, no workbook writer).
 */
export const LEDGER_USAGE = `ledger template --out F [--example] [--deadline YYYY-MM-DD]
                           write a blank ledger (.xlsx or .csv) to fill in; --example fills it
                           with the demo district (plans counted back from the deadline)
  ledger import F [--dry-run]
                           read a ledger (.xlsx or .csv) and import its tasks; a file with any
                           error is refused whole (errors on stderr, one a line, exit status 1);
                           --dry-run prints what would change and writes nothing
  ledger export --out F    write every task with its progress (.xlsx or .csv)`;

export const DIGEST_USAGE = `digest [--date YYYY-MM-DD] [--chart F.png]
                           print the leaders' digest exactly as sent, and write its chart`;

export const BULLETIN_USAGE = `bulletin [--date YYYY-MM-DD] --out F.xlsx
                           write the 督查通报 workbook of a day (today by default)`;

export const ASSESS_USAGE = `assess --from YYYY-MM-DD --to YYYY-MM-DD --out F.xlsx
                           write the 考核 workbook: per officer and unit, reporting rate,
                           average lag, days red, completed on time, problems closed`;

export const BACKUP_USAGE = `backup --out F           write a backup of the database: the embedded one (asked of the running
                           bot, or read here when it is stopped), or PostgreSQL by pg_dump
  restore F                put a backup back (stop the bot first); a file that is no Duban
                           backup, or one from a newer Duban, is refused and nothing changes`;
export const FORECAST_USAGE = `forecast [--date YYYY-MM-DD] [--unit U] [--late]
                           every task's forecast finish at its recent pace, the latest first;
                           --unit one unit's, --late only those forecast past their deadline`;
