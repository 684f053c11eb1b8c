# Lakehouse developer commands; each delegates to ./lakehouse (run `./lakehouse help`).

# list the recipes
default:
    @just --list

# build if needed, start the seven daemons on 127.0.0.1:3221-3227, wait until ready
up:
    ./lakehouse up

# stop the daemons
down:
    ./lakehouse down

# daemon, URL, state, pid
status:
    ./lakehouse status

# tail a daemon's log: just logs validatord [-f]
logs daemon *args:
    ./lakehouse logs {{daemon}} {{args}}

# full build, all tests, then the smoke chain
verify:
    ./lakehouse verify

# the staffing demo on the running stack (./lakehouse up first): just demo --candidates 1000
demo *args:
    ./lakehouse demo {{args}}

# check JDK 21+, Maven, curl, jq, ports, data dir and disk, store, lease holders, installed units
doctor:
    ./lakehouse doctor

# lay out a server install (just install --prefix /tmp/lh --systemd-dir /tmp/lh/units --dry-run)
install *args:
    ./lakehouse install {{args}}

# consistent copy of the live store: just backup /backups/lake-1 [--store URI]
backup dest *args:
    ./lakehouse backup {{dest}} {{args}}

# copy a backup into an empty store (daemons stopped): just restore /backups/lake-1 [--store URI]
restore src *args:
    ./lakehouse restore {{src}} {{args}}

# only the smoke chain (optionally filtered: just smoke 02_auth)
smoke *names:
    ./lakehouse smoke {{names}}

# enable the git hooks in .githooks (pre-push runs the fast part of verify)
hooks:
    git config core.hooksPath .githooks
    @echo "hooks enabled: core.hooksPath=.githooks (pre-push: mvn -o test; skip once with git push --no-verify)"
