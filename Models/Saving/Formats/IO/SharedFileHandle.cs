using Microsoft.Win32.SafeHandles;

namespace KerasSharp.Saving;

/// <summary>
/// A file handle shared by a reader and the streams it hands out: the file closes when the last of them is done.
/// Streams keep reading the very file that was validated (not whatever a path names later), and outlive the reader.
/// </summary>
internal sealed class SharedFileHandle(SafeFileHandle handle)
{
    private int _users = 1;

    /// <summary>The handle; valid while this holder has users.</summary>
    public SafeFileHandle Handle { get; } = handle;

    /// <summary>Adds a user; fails once the handle is closed.</summary>
    public void Acquire()
    {
        int users;
        do
        {
            users = Volatile.Read(ref _users);
            ObjectDisposedException.ThrowIf(users <= 0, this);
        }
        while (Interlocked.CompareExchange(ref _users, users + 1, users) != users);
    }

    /// <summary>Removes a user; the last one closes the handle.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _users) == 0) Handle.Dispose();
    }
}
