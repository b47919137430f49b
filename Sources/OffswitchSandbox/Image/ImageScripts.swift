/// The build steps of an agent image, as bash run by ``ImageCache`` with the build directory as `$1`.
enum ImageScripts {
    /// `$2` suite, `$3` mirror, `$4` variant, `$5` packages (comma-separated). Manual pages, translations and
    /// documentation other than the copyright files are left out (a third of the tree, nothing an agent runs).
    static let bootstrap = """
        mmdebstrap --mode=root --variant="$4" --include="$5" \\
            --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/locale/*' \\
            --dpkgopt='path-include=/usr/share/locale/locale.alias' \\
            --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \\
            "$2" "$1/root" "$3" >"$1/build.log" 2>&1 || { tail -n 20 "$1/build.log" >&2; exit 1; }
        """

    /// `$2` the agent's accounts (`name:uid:gid:home`, space-separated), `$3` the epoch. What mmdebstrap copies
    /// from the host (its hostname, its resolver) or leaves behind (device nodes, logs, caches, compiled Python)
    /// is replaced or removed, the agent's accounts with their homes and the sandbox's mount points are added,
    /// and every file gets the epoch as its time.
    static let normalise = """
        cd "$1/root"
        printf 'localhost\\n' > etc/hostname
        : > etc/resolv.conf
        printf '127.0.0.1\\tlocalhost\\n::1\\tlocalhost ip6-localhost ip6-loopback\\n' > etc/hosts
        rm -f etc/machine-id var/lib/dbus/machine-id var/cache/ldconfig/aux-cache var/lib/dpkg/*-old \\
            var/cache/debconf/*-old
        find dev var/cache/apt var/lib/apt/lists -mindepth 1 -maxdepth 1 ! -name partial -exec rm -rf {} +
        find var/log -mindepth 1 -type f -exec truncate -s 0 {} +
        find . -xdev -type d -name __pycache__ -prune -exec rm -rf {} +
        for account in $2; do
            IFS=: read -r name uid gid home <<<"$account"
            grep -q "^$name:" etc/passwd || printf '%s:x:%s:%s:%s:%s:/bin/bash\\n' "$name" "$uid" "$gid" "$name" "$home" >> etc/passwd
            grep -q "^$name:" etc/group || printf '%s:x:%s:\\n' "$name" "$gid" >> etc/group
            mkdir -p "./$home"
            chmod 0755 "./$home"
        done
        mkdir -p app
        chmod 0755 home app
        : > init
        chmod 0755 init
        # Debian's test is `$(id -u)`: a fork and exec of `id` in every `bash --login` command, a tenth of a
        # trial's CPU. bash's own EUID answers the same without a process; sh falls back to `id`.
        cat > etc/profile <<'PROFILE'
        # /etc/profile: system-wide .profile file for the Bourne shell (sh(1))
        if [ "${EUID:-$(id -u)}" -eq 0 ]; then
          PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        else
          PATH="/usr/local/bin:/usr/bin:/bin"
        fi
        export PATH
        PROFILE
        find . -xdev -exec touch -h -d "@$3" {} +
        """

    /// The manifest: every package in the tree's dpkg database, `name=version`, sorted.
    static let manifest = """
        dpkg-query --admindir="$1/root/var/lib/dpkg" -W -f='${Package}=${Version}\\n' | LC_ALL=C sort > "$1/manifest.txt"
        cat "$1/manifest.txt"
        """

    /// `$2` the epoch. The normalised tar (names sorted, numeric owners, every mtime the epoch, no extended
    /// attributes) and its digest, then the manifest's digest.
    static let archive = """
        tar --create --format=gnu --sort=name --numeric-owner --mtime="@$2" --one-file-system -C "$1/root" . \\
            > "$1/image.tar"
        printf '%s %s\\n' "$(sha256sum < "$1/image.tar" | cut -c1-64)" "$(sha256sum < "$1/manifest.txt" | cut -c1-64)"
        """

    /// `$1` an image's directory, `$2` its epoch: the tree's digest as `archive` takes it, and the digest of the
    /// manifest read again from the tree's dpkg database.
    static let redigest = """
        tree=$(tar --create --format=gnu --sort=name --numeric-owner --mtime="@$2" --one-file-system -C "$1/root" . \\
            | sha256sum | cut -c1-64)
        manifest=$(dpkg-query --admindir="$1/root/var/lib/dpkg" -W -f='${Package}=${Version}\\n' | LC_ALL=C sort \\
            | sha256sum | cut -c1-64)
        printf '%s %s\\n' "$tree" "$manifest"
        """
}
