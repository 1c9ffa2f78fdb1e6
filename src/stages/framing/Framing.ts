import { delimiter } from './delimiter.js';
import { lengthField } from './lengthField.js';

/** Flows that cut byte streams into frames: {@link delimiter}, {@link lengthField}. */
export const Framing = { delimiter, lengthField } as const;
