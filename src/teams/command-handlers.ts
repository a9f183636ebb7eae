import { mapChannel } from './answers/channels';
import { help } from './answers/help';
import { myStep, pending } from './answers/my-step';
import { nominationForm } from './answers/nominations';
import { DEFAULT_MUTE_DAYS, mute, unmute } from './answers/reminders';
import { reportStart } from './answers/reports';
import type { Command } from './commands';
import type { Reply, Turn } from './turn';

type CommandOf<K extends Command['kind']> = Extract<Command, { kind: K }>;
type CommandHandler<K extends Command['kind']> = (turn: Turn, command: CommandOf<K>) => Reply | Promise<Reply>;

/**
 * One handler per chat command (commands.ts reads the words). A new command: its words in
 * commands.ts, its answer in answers/, one line here.
 */
export const COMMAND_HANDLERS: { readonly [K in Command['kind']]: CommandHandler<K> } = {
  myStep: (turn) => myStep(turn),
  pending: (turn) => pending(turn),
  nominate: (turn) => nominationForm(turn, undefined),
  report: (turn) => reportStart(turn, undefined),
  help: (turn) => help(turn),
  unknown: (turn, c) => help(turn, c.text),
  mute: (turn, c) => mute(turn, c.days ?? DEFAULT_MUTE_DAYS),
  unmute: (turn) => unmute(turn),
  mapChannel: (turn, c) => mapChannel(turn, c.department),
};

/** Runs the handler of a command. */
export function answerCommand(turn: Turn, command: Command): Reply | Promise<Reply> {
  return (COMMAND_HANDLERS[command.kind] as CommandHandler<Command['kind']>)(turn, command);
}
