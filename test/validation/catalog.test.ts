import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..', '..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf-8');
const ids = (text: string) => new Set([...text.matchAll(/'((?:TJ|SM)-[A-Z0-9-]+)'/g)].map(m => m[1]));

describe('docs/RULES.md', () => {
  const sourcesUnder = (dir: string): string[] => fs.readdirSync(path.join(root, dir), { withFileTypes: true })
    .flatMap(e => (e.isDirectory() ? sourcesUnder(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []));
  const sources = sourcesUnder('src/validation');
  const codeIds = new Set(sources.flatMap(f => [...ids(read(f))]));
  const catalog = read('docs/RULES.md');
  const tests = fs.readdirSync(__dirname).filter(f => f.endsWith('.test.ts')).map(f => fs.readFileSync(path.join(__dirname, f), 'utf-8')).join('\n');

  test('the code has rules', () => {
    expect(codeIds.size).toBeGreaterThan(60);
  });

  test.each([...codeIds].sort())('%s is listed in the catalog and pinned by a test', id => {
    expect(catalog).toMatch(new RegExp(`^\\| ${id} \\|`, 'm'));
    expect(tests).toContain(`'${id}'`);
  });

  test('the catalog lists no rule the code does not have', () => {
    const listed = [...catalog.matchAll(/^\| ((?:TJ|SM)-[A-Z0-9-]+) \|/gm)].map(m => m[1]);
    expect(listed.filter(id => !codeIds.has(id))).toEqual([]);
  });
});
