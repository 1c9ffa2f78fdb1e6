export {
  type KillSwitch,
  KillSwitches,
  SharedKillSwitch,
  UniqueKillSwitch,
} from './KillSwitches.js';
export { mapError } from './mapError.js';
export { recover } from './recover.js';
export { recoverWith } from './recoverWith.js';
export { recoverWithRetries } from './recoverWithRetries.js';
export { onErrorComplete } from './onErrorComplete.js';
export { onErrorContinueDecider } from './onErrorContinue.js';
export { onErrorResume } from './onErrorResume.js';
