// Real local RPM repositories for the dnf tests: tiny noarch packages built with rpmbuild, indexed with
// createrepo_c, and .repo files that point dnf at them (gpgcheck off: the packages are unsigned).

import { runCommand } from "../../lib/host/run_command.ts";

/** A package to build: by default it installs `/usr/share/NAME/README`; `files` replaces that (path → content). */
export type TestPackage = string | { name: string; files: Record<string, string> };

/** A built repository: `repoDir` is for `--repo-dir`. */
export interface RpmRepo {
  dir: string;
  /** Folder holding `hostmend-test.repo`. */
  repoDir: string;
  /** The repository id in the .repo file. */
  repoId: string;
}

/**
 * Builds one noarch RPM (version 1.0-1) per package into `repo`, and indexes it with createrepo_c. Needs
 * rpmbuild and createrepo_c; `work` is a scratch folder.
 *
 * @example
 * ```ts
 * await buildRpms(`${dir}/work`, `${dir}/epel`, ["hostmend-test-epel-only"]);
 * ```
 */
export async function buildRpms(work: string, repo: string, packages: TestPackage[]): Promise<void> {
  const top = `${work}/rpmbuild`;
  await Deno.mkdir(repo, { recursive: true });
  await Deno.mkdir(work, { recursive: true });
  for (const pkg of packages) {
    const name = typeof pkg === "string" ? pkg : pkg.name;
    const files = typeof pkg === "string" ? { [`/usr/share/${name}/README`]: `${name}\n` } : pkg.files;
    const install = Object.entries(files).map(([path, content]) =>
      `mkdir -p %{buildroot}${
        path.slice(0, path.lastIndexOf("/"))
      }\ncat > %{buildroot}${path} <<'HOSTMEND_EOF'\n${content}HOSTMEND_EOF`
    );
    const spec = `${work}/${name}.spec`;
    await Deno.writeTextFile(
      spec,
      `Name: ${name}
Version: 1.0
Release: 1
Summary: hostmend test package
License: MIT
BuildArch: noarch

%description
A package for the hostmend pkg-install tests.

%install
${install.join("\n")}

%files
${Object.keys(files).join("\n")}
`,
    );
    await runCommand(["rpmbuild", "-bb", "--quiet", "--define", `_topdir ${top}`, spec]);
    await Deno.rename(`${top}/RPMS/noarch/${name}-1.0-1.noarch.rpm`, `${repo}/${name}-1.0-1.noarch.rpm`);
  }
  await runCommand(["createrepo_c", "--quiet", repo]);
}

/**
 * The text of a .repo file for a local repository (enabled, unsigned).
 *
 * @example
 * ```ts
 * await Deno.writeTextFile(`${repos}/epel.repo`, repoFile("epel", `${dir}/epel`));
 * ```
 */
export function repoFile(id: string, path: string): string {
  return `[${id}]\nname=hostmend test ${id}\nbaseurl=file://${path}\nenabled=1\ngpgcheck=0\n`;
}

/**
 * Builds the packages into `dir/repo` and writes `dir/repos/hostmend-test.repo` for it.
 *
 * @example
 * ```ts
 * const repo = await buildRpmRepo(dir, ["hostmend-test-hello"]);
 * ```
 */
export async function buildRpmRepo(dir: string, packages: TestPackage[]): Promise<RpmRepo> {
  await buildRpms(`${dir}/work`, `${dir}/repo`, packages);
  await Deno.mkdir(`${dir}/repos`, { recursive: true });
  const repoId = "hostmend-test";
  await Deno.writeTextFile(`${dir}/repos/${repoId}.repo`, repoFile(repoId, `${dir}/repo`));
  return { dir, repoDir: `${dir}/repos`, repoId };
}
