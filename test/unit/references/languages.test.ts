import * as assert from 'node:assert/strict';
import { commentSpans, compileIdPatterns, scanReferences } from '../../../server/src/core/references';

const { matcher } = compileIdPatterns([]);

/** Ids found in `text` as if it were the file at `path`. */
function ids(path: string, text: string): string[] {
  return scanReferences(path, text, matcher).map((match) => match.id);
}

/**
 * One case per language: every `INC-1xx` sits in a comment and must be found, every `INC-9xx`
 * sits in a string literal (or other non-comment text) and must not be.
 */
const cases: Array<{ name: string; path: string; text: string; found: string[] }> = [
  {
    name: 'TypeScript: line, block, template literal with nested ${} and a regex literal',
    path: 'src/a.ts',
    text: [
      `const a = "INC-901 // not a comment"; // see INC-101`,
      `const b = 'it\\'s INC-902 /* no */'; /* INC-102 */`,
      'const t = `INC-903 ${ "}" + `INC-904 ${x}` /* INC-103 */ } INC-905`; // INC-104',
      'const r = /INC-906\\/\\/ "x/g; // INC-105',
      'const d = a / 2 / b; // INC-106',
    ].join('\n'),
    found: ['INC-101', 'INC-102', 'INC-103', 'INC-104', 'INC-105', 'INC-106'],
  },
  { name: 'JavaScript (.mjs)', path: 'x.mjs', text: `f("INC-901"); // INC-101`, found: ['INC-101'] },
  { name: 'TSX', path: 'x.tsx', text: `<a title="INC-901" /> {/* INC-101 */}`, found: ['INC-101'] },
  {
    name: 'Python: #, docstrings at statement start, other strings not, prefixes',
    path: 'app/x.py',
    text: [
      '"""Module doc, INC-101."""',
      'x = "INC-901"  # INC-102',
      "y = f'{x} INC-902 # no'",
      'def f():',
      '    r"""Raw doc INC-103 \\""" still"""',
      '    z = """INC-903"""',
      '    call(',
      '        """INC-904"""',
      '    )',
      "    '''INC-104'''",
    ].join('\n'),
    found: ['INC-101', 'INC-102', 'INC-103', 'INC-104'],
  },
  {
    name: 'Go: raw backtick strings',
    path: 'main.go',
    text: 'var s = `INC-901 // no\n*/ "` // INC-101\nvar r = \'"\' /* INC-102 */',
    found: ['INC-101', 'INC-102'],
  },
  {
    name: 'Java: text blocks and chars',
    path: 'A.java',
    text: 'String s = """\n  INC-901 // no\n  """; // INC-101\nchar c = \'"\'; /** INC-102 */',
    found: ['INC-101', 'INC-102'],
  },
  {
    name: 'Kotlin: nested block comments, raw strings with templates',
    path: 'A.kt',
    text: 'val s = """INC-901 ${ "}" } // no"""\n/* outer /* inner */ INC-101 */ val t = "${m["k"]} INC-902" // INC-102',
    found: ['INC-101', 'INC-102'],
  },
  { name: 'C', path: 'a.c', text: 'char *s = "INC-901 /* no"; /* INC-101 */ // INC-102', found: ['INC-101', 'INC-102'] },
  {
    name: 'C++: raw strings and digit separators',
    path: 'a.cpp',
    text: 'auto s = R"x(INC-901 )" // no)x"; int n = 1\'000; // INC-101\nauto u = u8R"(INC-902)"; /* INC-102 */',
    found: ['INC-101', 'INC-102'],
  },
  {
    name: 'C#: verbatim and raw strings',
    path: 'A.cs',
    text: 'var s = @"C:\\ ""INC-901"" // no"; // INC-101\nvar r = """\n INC-902 " // no\n """; /* INC-102 */',
    found: ['INC-101', 'INC-102'],
  },
  {
    name: 'Rust: nested comments, raw strings, lifetimes are not char literals',
    path: 'src/lib.rs',
    text: [
      "fn f<'a>(x: &'a str) -> &'a str { x } // INC-101",
      'let s = r#"INC-901 "quoted" // no"#; /* a /* nested */ INC-102 */',
      "let c = '\"'; let d = b'x'; // INC-103",
      'let m = "multi\nINC-902 // no"; // INC-104',
    ].join('\n'),
    found: ['INC-101', 'INC-102', 'INC-103', 'INC-104'],
  },
  {
    name: 'Ruby: #, =begin/=end, interpolation',
    path: 'lib/a.rb',
    text: 'x = "INC-901 #{y} # no" # INC-101\n=begin\nINC-102\n=end\nz = \'INC-902\'',
    found: ['INC-101', 'INC-102'],
  },
  {
    name: 'PHP: //, #, /* */ but not #[attributes]',
    path: 'a.php',
    text: "<?php\n#[Attr('INC-901')]\n$a = 'INC-902'; // INC-101\n# INC-102\n/* INC-103 */",
    found: ['INC-101', 'INC-102', 'INC-103'],
  },
  {
    name: 'Swift: nested block comments, interpolation, raw strings',
    path: 'A.swift',
    text: 'let s = "INC-901 \\(f("INC-902")) // no" /* a /* b */ INC-101 */\nlet r = #"INC-903 "// no"#; // INC-102',
    found: ['INC-101', 'INC-102'],
  },
  {
    name: 'Scala: nested comments, symbols are not char literals',
    path: 'A.scala',
    text: 'val s = "INC-901"; val q = \'sym; /* x /* y */ INC-101 */ val c = \'"\' // INC-102',
    found: ['INC-101', 'INC-102'],
  },
  {
    name: 'shell: # only at word start',
    path: 'deploy.sh',
    text: 'echo "$# INC-901 # no" ${#arr} a#INC-902 # INC-101\necho \'INC-903 # no\'\n# INC-102',
    found: ['INC-101', 'INC-102'],
  },
  {
    name: 'shell: here-documents are data, here-strings and shifts are not here-documents',
    path: 'setup.bash',
    text: [
      "cat <<'EOF' > conf",
      '# INC-901 is data here',
      'EOF',
      '# INC-101',
      'cat <<-END',
      '\t# INC-902',
      '\tEND',
      'x=$(( 1 << 2 )) # INC-102',
      'grep x <<< "INC-903" # INC-103',
    ].join('\n'),
    found: ['INC-101', 'INC-102', 'INC-103'],
  },
  { name: 'zsh', path: 'x.zsh', text: "echo 'INC-901' # INC-101", found: ['INC-101'] },
  {
    name: "SQL: -- and /* */, '' escapes",
    path: 'q.sql',
    text: "SELECT 'it''s INC-901 -- no' -- INC-101\n/* INC-102 */ FROM \"INC-902\"",
    found: ['INC-101', 'INC-102'],
  },
  {
    name: 'YAML: # after space, not inside quotes, apostrophes in plain scalars',
    path: 'deploy/app.yaml',
    text: "a: 'INC-901 # no' # INC-101\nb: it's # INC-102\nc: x#INC-902\n# INC-103\nd: \"INC-903\"",
    found: ['INC-101', 'INC-102', 'INC-103'],
  },
  {
    name: 'TOML: multi-line and literal strings',
    path: 'Cargo.toml',
    text: 'a = """\nINC-901 # no\n""" # INC-101\nb = \'C:\\INC-902\' # INC-102',
    found: ['INC-101', 'INC-102'],
  },
  {
    name: 'Terraform: # // /* */ and interpolation',
    path: 'main.tf',
    text: 'name = "INC-901-${var.x}" # INC-101\n// INC-102\n/* INC-103 */',
    found: ['INC-101', 'INC-102', 'INC-103'],
  },
  {
    name: 'Dockerfile: # at line start only',
    path: 'docker/Dockerfile',
    text: '# INC-101\nRUN echo INC-901 # shell sees this\n  # INC-102',
    found: ['INC-101', 'INC-102'],
  },
  { name: '*.dockerfile', path: 'api.dockerfile', text: '# INC-101\nLABEL x="INC-901"', found: ['INC-101'] },
  {
    name: 'HTML: <!-- -->, not text',
    path: 'index.html',
    text: '<p title="INC-901">INC-902</p><!-- INC-101 -->',
    found: ['INC-101'],
  },
  {
    name: 'HTML: comments inside <script> and <style> follow their language',
    path: 'page.htm',
    text: [
      '<SCRIPT type="module">',
      'const s = "INC-901 <!-- no -->"; // INC-101',
      '/* INC-102 */</SCRIPT>',
      '<script src="x.js"/><p>// INC-902</p>',
      '<style>a { content: "/* INC-903 */" } /* INC-103 */</style>',
      '<p>/* INC-904 */</p><!-- INC-104 -->',
    ].join('\n'),
    found: ['INC-101', 'INC-102', 'INC-103', 'INC-104'],
  },
  {
    name: 'Vue single-file component',
    path: 'App.vue',
    text: '<template><!-- INC-101 --><p>INC-901</p></template>\n<script setup lang="ts">\n// INC-102\nconst a = \'INC-902\';\n</script>',
    found: ['INC-101', 'INC-102'],
  },
  { name: 'XML', path: 'pom.xml', text: '<v>INC-901</v>\n<!--\n INC-101\n-->', found: ['INC-101'] },
  { name: 'CSS', path: 's.css', text: 'a::after { content: "INC-901 /* no */"; } /* INC-101 */', found: ['INC-101'] },
  {
    name: 'SCSS: // too, but not in url(http://…)',
    path: 's.scss',
    text: '$u: url(http://x/INC-901); // INC-101\n/* INC-102 */ a { b: "// INC-902"; }',
    found: ['INC-101', 'INC-102'],
  },
  {
    name: 'Lua: -- and long comments with levels',
    path: 'a.lua',
    text: "x = '-- INC-901' -- INC-101\n--[==[ INC-102 ]] INC-103 ]==] y = [[ -- INC-902 ]]",
    found: ['INC-101', 'INC-102', 'INC-103'],
  },
  { name: 'Makefile', path: 'Makefile', text: 'X = a\\#INC-901 # INC-101\n# INC-102', found: ['INC-101', 'INC-102'] },
  { name: 'ini: # and ; at line start', path: 'setup.cfg', text: '; INC-101\nkey = INC-901\n# INC-102', found: ['INC-101', 'INC-102'] },
  { name: 'properties', path: 'app.properties', text: '# INC-101\nk=INC-901\n! INC-102', found: ['INC-101', 'INC-102'] },
];

describe('references: comments per language', () => {
  for (const testCase of cases) {
    it(testCase.name, () => {
      assert.deepEqual(ids(testCase.path, testCase.text), testCase.found);
    });
  }

  it('ends an unterminated string at the end of its line in languages that say so', () => {
    assert.deepEqual(ids('a.ts', 'const s = "oops\n// INC-101'), ['INC-101']);
    assert.deepEqual(ids('a.py', "s = 'oops\n# INC-101"), ['INC-101']);
    assert.deepEqual(ids('a.go', 'var s = "oops\n// INC-101'), ['INC-101']);
  });

  it('treats an unterminated block comment as running to the end of the text', () => {
    const text = 'let a = 1; /* INC-101\nstill INC-102';
    assert.deepEqual(ids('a.ts', text), ['INC-101', 'INC-102']);
    assert.deepEqual(commentSpans('a.ts', text), [{ start: 11, end: text.length }]);
    assert.deepEqual(ids('a.rs', '/* a /* b */ INC-101'), ['INC-101']);
    // Inside an embedded script, an unclosed comment stops at the element's end.
    const html = '<script>/* INC-101 </script><p>INC-901</p><!-- INC-102 -->';
    assert.deepEqual(ids('a.html', html), ['INC-101', 'INC-102']);
    assert.deepEqual(commentSpans('a.html', html)[0], { start: 8, end: html.indexOf('</script>') });
  });

  it('reports spans that include the delimiters and stop before the line break (CRLF too)', () => {
    const text = 'a(); // INC-101\r\nb(); /* x */\r\n';
    const spans = commentSpans('a.ts', text);
    assert.deepEqual(
      spans.map((span) => text.slice(span.start, span.end)),
      ['// INC-101', '/* x */'],
    );
  });

  it('handles CRLF in Python docstrings and Ruby =begin blocks', () => {
    assert.deepEqual(ids('a.py', 'x = 1\r\n"""INC-101\r\n"""\r\ny = "INC-901"\r\n'), ['INC-101']);
    assert.deepEqual(ids('a.rb', 'x = 1\r\n=begin\r\nINC-101\r\n=end\r\ny = "INC-901"'), ['INC-101']);
  });
});
