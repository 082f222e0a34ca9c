"""Reads PIT's mutations.xml: the score per package, then every surviving mutant (file:line, method, what changed).

score    = killed / all mutants (PIT's mutation score; a mutant no unit test runs counts against it)
strength = killed / mutants some unit test runs (how well the tests that run the code check it)
"""
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}


def main(path):
    mutants = ET.parse(path).getroot().findall("mutation")
    per_package = defaultdict(lambda: defaultdict(int))
    survivors = []
    for m in mutants:
        cls = m.findtext("mutatedClass")
        package = cls.rsplit(".", 1)[0]
        status = m.get("status")
        counts = per_package[package]
        counts["all"] += 1
        counts["killed" if status in DETECTED else status.lower()] += 1
        if status == "SURVIVED":
            survivors.append((package, m.findtext("sourceFile"), int(m.findtext("lineNumber")),
                              m.findtext("mutatedMethod"), m.findtext("description")))
    print(f"{'package':34} {'mutants':>7} {'killed':>6} {'survived':>8} {'no test':>7} {'score':>6} {'strength':>8}")
    total = defaultdict(int)
    for package in sorted(per_package):
        c = per_package[package]
        for k, v in c.items():
            total[k] += v
        print(row(package, c))
    print(row("all", total))
    print(f"\nsurviving mutants ({len(survivors)}):")
    for package, source, line, method, description in sorted(survivors):
        print(f"  {package}/{source}:{line} {method}: {description}")


def row(name, c):
    covered = c["killed"] + c["survived"]
    score = 100 * c["killed"] / c["all"] if c["all"] else 0
    strength = 100 * c["killed"] / covered if covered else 0
    return (f"{name:34} {c['all']:7} {c['killed']:6} {c['survived']:8} {c['no_coverage']:7} "
            f"{score:5.0f}% {strength:7.0f}%")


if __name__ == "__main__":
    main(sys.argv[1])
