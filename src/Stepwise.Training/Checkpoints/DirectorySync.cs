using System.Runtime.InteropServices;

namespace Stepwise.Training.Checkpoints;

/// <summary>
/// fsync of a directory, so that the entries created or renamed in it survive a power loss. .NET cannot open a
/// directory as a file, so on Linux this calls <c>open(O_RDONLY|O_DIRECTORY|O_CLOEXEC)</c>, <c>fsync</c> and
/// <c>close</c> from libc; on other systems it does nothing.
/// </summary>
internal static partial class DirectorySync
{
    private const int OCloexec = 0x80000;   // 02000000 on x86, x64, arm and arm64
    private const int EIntr = 4;
    private const int EInval = 22;          // the file system does not support syncing directories

    /// <summary>Syncs <paramref name="directory"/>; a no-op off Linux.</summary>
    /// <exception cref="IOException">open or fsync failed.</exception>
    public static void Sync(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = Open(directory, OCloexec | ODirectory());
        if (fd < 0) throw Error("cannot open directory to sync it", directory);
        try
        {
            while (Fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno == EIntr) continue;
                if (errno == EInval) return;
                throw Error("fsync failed", directory, errno);
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static int ODirectory() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 or Architecture.X86 => 0x10000,   // 0200000
        Architecture.Arm64 or Architecture.Arm => 0x4000,  // 040000
        _ => 0,
    };

    private static IOException Error(string what, string path, int? errno = null)
    {
        int e = errno ?? Marshal.GetLastPInvokeError();
        return new IOException($"{what}: {Marshal.GetPInvokeErrorMessage(e)} : '{path}'");
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
