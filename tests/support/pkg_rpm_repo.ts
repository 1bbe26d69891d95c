// A real local RPM repository for the dnf tests: tiny noarch packages built with rpmbuild, indexed with
// createrepo_c, and a folder with the .repo file that points dnf at it (gpgcheck off: the packages are unsigned).

import { runCommand } from "../../lib/host/run_command.ts";

/** A built repository: `repoDir` is for `--repo-dir`, `root` an empty install root for `--installroot`. */
export interface RpmRepo {
  dir: string;
  /** Folder holding `hostmend-test.repo`. */
  repoDir: string;
  /** The repository id in the .repo file. */
  repoId: string;
}

/**
 * Builds one noarch RPM per name (version 1.0-1, installing `/usr/share/NAME/README`) into `dir/repo`, indexes
 * it, and writes `dir/repos/hostmend-test.repo`. Needs rpmbuild and createrepo_c.
 *
 * @example
 * ```ts
 * const repo = await buildRpmRepo(dir, ["hostmend-test-hello"]);
 * ```
 */
export async function buildRpmRepo(dir: string, names: string[]): Promise<RpmRepo> {
  const top = `${dir}/rpmbuild`;
  await Deno.mkdir(`${dir}/repo`, { recursive: true });
  await Deno.mkdir(`${dir}/repos`, { recursive: true });
  for (const name of names) {
    const spec = `${dir}/${name}.spec`;
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
mkdir -p %{buildroot}/usr/share/${name}
echo "${name}" > %{buildroot}/usr/share/${name}/README

%files
/usr/share/${name}/README
`,
    );
    await runCommand(["rpmbuild", "-bb", "--quiet", "--define", `_topdir ${top}`, spec]);
    await Deno.rename(`${top}/RPMS/noarch/${name}-1.0-1.noarch.rpm`, `${dir}/repo/${name}-1.0-1.noarch.rpm`);
  }
  await runCommand(["createrepo_c", "--quiet", `${dir}/repo`]);
  const repoId = "hostmend-test";
  await Deno.writeTextFile(
    `${dir}/repos/${repoId}.repo`,
    `[${repoId}]\nname=hostmend test packages\nbaseurl=file://${dir}/repo\nenabled=1\ngpgcheck=0\n`,
  );
  return { dir, repoDir: `${dir}/repos`, repoId };
}
