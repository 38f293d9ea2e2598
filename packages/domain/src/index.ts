export * from './text.js';
export * from './organisation.js';
export * from './session.js';
export * from './pilot.js';
export * from './reference.js';
export * from './lifecycle/engine.js';
export * from './lifecycle/pilot.lifecycle.js';
export * from './i18n/index.js';
