// Builds the Java launcher of Lotgraph's local Neo4j (pom.xml beside this file) with Maven.
// Run by `npm install` (postinstall), and imported by cypher/local-neo4j.ts, which calls
// ensureLauncherBuilt() before every start, so a skipped or failed postinstall is made good later.
// Plain JavaScript on purpose: postinstall runs before anything could compile TypeScript.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const launcherDir = dirname(fileURLToPath(import.meta.url));
const pomFile = join(launcherDir, 'pom.xml');
const sourceFile = join(launcherDir, 'src', 'main', 'java', 'lotgraph', 'LocalNeo4j.java');
const targetDir = join(launcherDir, 'target');
const libDir = join(targetDir, 'lib');
// Written only after a complete build, so an interrupted one is redone rather than half-used.
const stampFile = join(targetDir, 'lotgraph-build.stamp');
// Holds the pid of the process building; see withBuildLock.
const lockFile = join(targetDir, '.build-lock');
const MAVEN_OUTPUT_KEPT = 4000;

export const MAIN_CLASS = 'lotgraph.LocalNeo4j';
export const NEO4J_VERSION =
  /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(readFileSync(pomFile, 'utf8'))?.[1] ?? '5.26';

/** What is needed to run the launcher: `java -cp <classpath> <mainClass> ...`. */
function launcherInfo() {
  return {
    launcherDir,
    mainClass: MAIN_CLASS,
    classpath: [join(targetDir, 'classes'), join(libDir, '*')].join(delimiter),
    neo4jVersion: NEO4J_VERSION,
  };
}

/** Major version of the `java` on PATH, or null when there is none. */
function javaMajorVersion() {
  const r = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (r.error) return null;
  // e.g. openjdk version "17.0.15" 2025-04-15 (or "1.8.0_392" for the old scheme)
  const m = /version "(\d+)(?:\.(\d+))?/.exec(`${r.stderr}${r.stdout}`);
  if (!m) return 0;
  return m[1] === '1' ? Number(m[2]) : Number(m[1]);
}

function hasMaven() {
  return !spawnSync('mvn', ['-v'], { encoding: 'utf8' }).error;
}

/**
 * The one paragraph to show when the local Neo4j cannot run here (no Java 17+ or no Maven),
 * or null when both are present.
 */
export function javaAndMavenProblem() {
  const missing = [];
  const java = javaMajorVersion();
  if (java === null) missing.push('`java` was not found on PATH');
  else if (java < 17)
    missing.push(`\`java\` is version ${java || 'unknown'}, and Neo4j ${NEO4J_VERSION} needs 17 or newer`);
  if (!hasMaven()) missing.push('`mvn` (Maven) was not found on PATH');
  if (missing.length === 0) return null;
  return (
    `Lotgraph: the built-in local Neo4j cannot run here: ${missing.join(' and ')}. ` +
    'There are two ways on: install a JDK 17 (or 21) and Maven 3.8+ (Debian/Ubuntu: ' +
    '`apt-get install openjdk-17-jdk-headless maven`) and run `npm install` again, so Lotgraph ' +
    `fetches Neo4j ${NEO4J_VERSION} from Maven Central and runs it itself; or set NEO4J_URI to an ` +
    'existing Neo4j 5 server (for example one started with `docker compose up`), and Lotgraph uses that instead.'
  );
}

function mtimeMs(file) {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function isUpToDate() {
  const built = mtimeMs(stampFile);
  return built !== null && built >= Math.max(mtimeMs(pomFile) ?? 0, mtimeMs(sourceFile) ?? 0);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether the process that holds the build lock is still there (an interrupted install is not). */
function lockOwnerAlive() {
  let pid;
  try {
    pid = Number(readFileSync(lockFile, 'utf8'));
  } catch {
    return false; // released meanwhile
  }
  // An empty lock is being written right now, unless its writer died in that instant long ago.
  if (!pid) return Date.now() - (mtimeMs(lockFile) ?? 0) < 10_000;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Serialises builds across processes (parallel test workers, a CLI and the API started together). */
async function withBuildLock(say, fn) {
  mkdirSync(targetDir, { recursive: true });
  let told = false;
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      if (!lockOwnerAlive()) {
        rmSync(lockFile, { force: true });
        continue;
      }
      if (!told) say('Lotgraph: waiting for another build of the Neo4j launcher to finish...');
      told = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockFile, { force: true });
  }
}

function runMaven() {
  return new Promise((resolve, reject) => {
    const child = spawn('mvn', ['-q', '-B', '-DskipTests', '-f', pomFile, 'package'], {
      cwd: launcherDir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const keep = (chunk) => {
      output = (output + chunk).slice(-MAVEN_OUTPUT_KEPT);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`mvn package failed (exit code ${code}):\n${output.trim()}`));
    });
  });
}

async function build(say) {
  const problem = javaAndMavenProblem();
  if (problem) throw Object.assign(new Error(problem), { missingTools: true });
  await withBuildLock(say, async () => {
    if (isUpToDate()) return; // another process built it while we waited
    say(
      `Lotgraph: fetching Neo4j ${NEO4J_VERSION} from Maven Central and building its launcher (first time only)...`,
    );
    const started = Date.now();
    // Jars of an older Neo4j version would otherwise stay on the classpath beside the new ones.
    rmSync(stampFile, { force: true });
    rmSync(libDir, { recursive: true, force: true });
    await runMaven();
    writeFileSync(stampFile, `${new Date().toISOString()}\n`);
    say(`Lotgraph: Neo4j ${NEO4J_VERSION} launcher built in ${Math.round((Date.now() - started) / 1000)} s.`);
  });
}

let building = null;

/**
 * Builds the launcher unless target/ is newer than pom.xml and the Java source, and tells how to run it.
 * Progress goes to onProgress (default: stdout) unless quiet. Rejects with the javaAndMavenProblem()
 * paragraph when Java or Maven is missing, or with Maven's last output when the build fails.
 */
export async function ensureLauncherBuilt({ quiet = false, onProgress } = {}) {
  if (!isUpToDate()) {
    const say = quiet ? () => {} : (onProgress ?? ((msg) => console.log(msg)));
    building ??= build(say).finally(() => {
      building = null;
    });
    await building;
  }
  return launcherInfo();
}

async function postinstall() {
  if (process.env.NEO4J_URI) {
    console.log('Lotgraph: NEO4J_URI is set, so the built-in local Neo4j is not built.');
    return;
  }
  try {
    await ensureLauncherBuilt();
  } catch (e) {
    // Installing must not fail for this: Lotgraph retries the build when it first starts Neo4j.
    console.log(
      e.missingTools
        ? e.message
        : `Lotgraph: could not build the local Neo4j launcher; it will be retried on first use.\n${e.message}`,
    );
  }
}

/** True when node runs this file itself (postinstall), false when it is imported. */
function runAsScript() {
  try {
    return realpathSync(process.argv[1] ?? '') === fileURLToPath(import.meta.url);
  } catch {
    return false; // argv[1] is not a file, e.g. `node -e`: certainly not this script
  }
}

if (runAsScript()) await postinstall();
