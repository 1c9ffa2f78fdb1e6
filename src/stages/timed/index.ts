export { groupedWeightedWithin } from './groupedWeightedWithin.js';
export { groupedWithin } from './groupedWithin.js';
export { RateExceededError, throttle, type ThrottleOptions } from './throttle.js';
