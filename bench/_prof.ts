import { libraryStack, newApp, cleanup } from './stacks';
for (let k = 0; k < 4; k++) { const app = newApp(); libraryStack(app, 100); app.synth(); cleanup(app); }
