export { bidiFromFunctions } from './bidiFromFunctions.js';
export { bidiIdentity } from './bidiIdentity.js';
