export { Framing } from './Framing.js';
export { FramingError } from './FramingError.js';
export type { ByteOrder } from './lengthField.js';
