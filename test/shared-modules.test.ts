// The modules of src/shared (what the constructs and the handlers share) load in any order:
// an import cycle between them leaves a constant undefined when one of them is loaded first
// (response-size -> contract -> job-name-prefix -> response-size did, until MAX_LENGTH got a
// module of its own).
import * as fs from 'fs';
import * as path from 'path';

const SHARED = path.join(__dirname, '..', 'src', 'shared');
const modules = fs.readdirSync(SHARED).filter(f => f.endsWith('.ts')).map(f => f.replace(/\.ts$/, ''));

test.each(modules)('src/shared/%s loads first, alone', (name) => {
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(() => require(path.join(SHARED, name))).not.toThrow();
  });
});
