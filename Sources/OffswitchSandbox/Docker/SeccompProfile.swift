/// The seccomp profile of every container: what offswitch-init's filter forbids in the namespace sandbox.
///
/// The engine's default profile already refuses most of it, but not `ptrace` (allowed on kernels since 4.8):
/// with it the agent could trace the keeper (`tail`, its own uid) and swallow the SIGTERM that tini forwards, so
/// `./shutdown.sh` would leave the sandbox running with the script untouched. A profile replaces the engine's
/// default, so this one allows everything else, as offswitch-init's does; other ABIs (x32, i386) are refused.
enum SeccompProfile {
    static let denied = [
        "unshare", "setns", "ptrace", "process_vm_readv", "process_vm_writev", "mount", "umount2", "pivot_root",
        "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd", "kexec_load", "init_module",
        "finit_module", "delete_module", "open_by_handle_at", "name_to_handle_at", "fsopen", "fsmount", "move_mount",
        "open_tree", "acct", "swapon", "swapoff", "reboot",
    ]

    /// CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET: `clone` with any of them is refused.
    static let namespaceFlags: [UInt64] = [
        0x20000, 0x200_0000, 0x400_0000, 0x800_0000, 0x1000_0000, 0x2000_0000, 0x4000_0000,
    ]

    static var architecture: String {
        #if arch(arm64)
            "SCMP_ARCH_AARCH64"
        #else
            "SCMP_ARCH_X86_64"
        #endif
    }

    static var json: String {
        var rules = [
            #"{"names": [\#(denied.map { "\"\($0)\"" }.joined(separator: ", "))], "action": "SCMP_ACT_ERRNO", "errnoRet": 1}"#,
            // clone3's flags are in memory the filter cannot read: ENOSYS makes the C library fall back to clone.
            #"{"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38}"#,
        ]
        for flag in namespaceFlags {
            rules.append(
                #"{"names": ["clone"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1, "args": [{"index": 0, "value": \#(flag), "valueTwo": \#(flag), "op": "SCMP_CMP_MASKED_EQ"}]}"#
            )
        }
        return """
            {"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["\(architecture)"], "syscalls": [
            \(rules.joined(separator: ",\n"))
            ]}

            """
    }
}
