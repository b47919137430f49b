import Foundation
import Glibc
import OffswitchCore

/// The Debian packages installed on this host, read from dpkg's database.
struct InstalledPackages {
    struct Package {
        var version: String
        var architecture: String
        /// Each dependency as its alternatives (`a | b`), names only.
        var dependencies: [[String]]
    }

    var packages: [String: Package] = [:]
    static let database = "/var/lib/dpkg"

    /// - Throws: `SandboxError.unavailable` when there is no dpkg database (not a Debian-like host).
    static func read() throws -> InstalledPackages {
        guard let text = try? String(contentsOfFile: database + "/status", encoding: .utf8) else {
            throw SandboxError(
                .unavailable,
                "the default sandbox image is built from this host's Debian packages, but \(database)/status cannot be read; pass an image with --docker-image"
            )
        }
        var result = InstalledPackages()
        for paragraph in text.components(separatedBy: "\n\n") {
            var fields: [String: String] = [:]
            var last = ""
            for line in paragraph.split(separator: "\n") {
                if line.first == " " {
                    fields[last, default: ""] += String(line)
                } else if let colon = line.firstIndex(of: ":") {
                    last = String(line[..<colon])
                    fields[last] = String(line[line.index(after: colon)...]).trimmingSpaces()
                }
            }
            guard let name = fields["Package"], fields["Status"]?.hasSuffix(" installed") == true else { continue }
            let relations = [fields["Pre-Depends"], fields["Depends"]].compactMap { $0 }.joined(separator: ",")
            let dependencies: [[String]] = relations.split(separator: ",").map { relation in
                relation.split(separator: "|").map(Self.packageName)
            }
            result.packages[name] = Package(
                version: fields["Version"] ?? "", architecture: fields["Architecture"] ?? "", dependencies: dependencies
            )
        }
        return result
    }

    /// `name (>= 1.0)` or `name:any` -> `name`.
    static func packageName(_ relation: Substring) -> String {
        let trimmed: String = relation.trimmingSpaces()
        return String(trimmed.prefix { $0 != " " && $0 != "(" && $0 != ":" })
    }

    /// `roots` (those installed) and every installed package they depend on, sorted; of alternatives, the first
    /// one installed.
    func closure(of roots: [String]) -> [String] {
        var seen: Set<String> = []
        var queue = roots.filter { packages[$0] != nil }
        while let name = queue.popLast() {
            guard seen.insert(name).inserted, let package = packages[name] else { continue }
            for alternatives in package.dependencies {
                if let installed = alternatives.first(where: { packages[$0] != nil }) { queue.append(installed) }
            }
        }
        return seen.sorted()
    }

    /// The files of `names` that exist here, relative to `/` (without /etc: the image has its own), with the
    /// merged-/usr links resolved (`/bin/bash` is stored as `usr/bin/bash`).
    func files(of names: [String]) -> [String] {
        var merged: [String: String] = [:]
        for link in ["bin", "sbin", "lib", "lib64", "lib32", "libx32"] where NamespaceSandbox.isSymlink("/" + link) {
            merged[link] = "usr/" + link
        }
        var paths: Set<String> = []
        for name in names {
            let arch = packages[name]?.architecture ?? ""
            let list =
                (try? String(contentsOfFile: Self.database + "/info/\(name).list", encoding: .utf8))
                ?? (try? String(contentsOfFile: Self.database + "/info/\(name):\(arch).list", encoding: .utf8)) ?? ""
            for line in list.split(separator: "\n") where line.hasPrefix("/") && line.count > 1 {
                var path = String(line.dropFirst())
                let top = String(path.prefix { $0 != "/" })
                if top == "etc" { continue }
                if let target = merged[top] { path = target + path.dropFirst(top.count) }
                paths.insert(path)
            }
        }
        return paths.filter { NamespaceSandbox.isSymlink("/" + $0) || access("/" + $0, F_OK) == 0 }.sorted()
    }
}
