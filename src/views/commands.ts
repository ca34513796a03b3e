import type { CommandError } from "#src/domain/commands.js";
import type { Messages } from "#src/locales/index.js";

/** The sentence for a command that could not be read, with its usage where that helps. */
export function commandError(error: CommandError, usage: string, t: Messages): string {
  switch (error.kind) {
    case "usage":
      return usage;
    case "bad_code":
      return `${t.badCode(error.word)}\n${usage}`;
    case "bad_username":
      return t.badUsername(error.word);
    case "two_owners":
      return t.twoOwners(error.first, error.second);
    case "bad_target":
      return t.badTarget(error.value);
    case "bad_cadence":
      return t.badCadence(error.value);
    case "bad_date":
      return t.badDate(error.key, error.value);
    case "unknown_option":
      return t.unknownOption(error.word);
    case "missing_owner":
      return `${t.missingOwner}\n${usage}`;
    case "missing_name":
      return `${t.missingName}\n${usage}`;
    case "name_too_long":
      return t.nameTooLong(error.max);
    case "start_after_due":
      return t.startAfterDue;
    case "bad_milestone":
      return `${t.badMilestone(error.entry)}\n${usage}`;
    case "milestone_out_of_range":
      return t.milestoneOutOfRange(error.entry);
    case "milestone_twice":
      return t.milestoneTwice(error.day);
  }
}
